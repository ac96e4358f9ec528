/**
 * Server instances: identity, lifecycle, heartbeats and liveness.
 */
@NullMarked
package dev.grpcstarter.core.status;

import org.jspecify.annotations.NullMarked;
