/**
 * Background work of the starter (flushing, heartbeats, retention) and the one scheduler
 * that runs its periodic chores, started and stopped with the application context.
 */
@NullMarked
package dev.grpcstarter.core.background;

import org.jspecify.annotations.NullMarked;
