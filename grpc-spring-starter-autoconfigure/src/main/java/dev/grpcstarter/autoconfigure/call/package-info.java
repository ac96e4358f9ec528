/**
 * Auto-configuration of what every call shares: how its client address is found.
 */
@NullMarked
package dev.grpcstarter.autoconfigure.call;

import org.jspecify.annotations.NullMarked;
