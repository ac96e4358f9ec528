/**
 * Auto-configuration of the scheduler shared by the starter's periodic chores.
 */
@NullMarked
package dev.grpcstarter.autoconfigure.background;

import org.jspecify.annotations.NullMarked;
