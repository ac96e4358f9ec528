/**
 * Conditions shared by the starter's auto-configurations.
 */
@NullMarked
package dev.grpcstarter.autoconfigure.condition;

import org.jspecify.annotations.NullMarked;
