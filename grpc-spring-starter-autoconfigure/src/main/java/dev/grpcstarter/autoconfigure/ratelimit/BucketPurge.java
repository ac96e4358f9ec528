package dev.grpcstarter.autoconfigure.ratelimit;

import java.time.Duration;

import dev.grpcstarter.core.background.BackgroundPhases;
import dev.grpcstarter.core.background.BackgroundScheduler;
import dev.grpcstarter.core.background.PeriodicTask;
import dev.grpcstarter.core.ratelimit.LimitStore;
import dev.grpcstarter.core.ratelimit.RateLimitEngine;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Deletes the buckets of keys at rest where the engine keeps them until told (PostgreSQL);
 * Redis and memory expire them by themselves, so there it does nothing.
 */
final class BucketPurge implements SmartLifecycle {

	private static final int BATCH_SIZE = 1000;

	private final @Nullable PeriodicTask task;

	BucketPurge(LimitStore store, BackgroundScheduler scheduler, Duration interval) {
		this.task = (store.engine() == RateLimitEngine.POSTGRESQL) ? new PeriodicTask(scheduler,
				"grpc-rate-limit-purge", interval, () -> store.removeExpired(BATCH_SIZE)) : null;
	}

	boolean isActive() {
		return this.task != null;
	}

	@Override
	public void start() {
		if (this.task != null) {
			this.task.start();
		}
	}

	@Override
	public void stop() {
		if (this.task != null) {
			this.task.stop();
		}
	}

	@Override
	public boolean isRunning() {
		return this.task != null && this.task.isRunning();
	}

	@Override
	public int getPhase() {
		return BackgroundPhases.WORK;
	}

}
