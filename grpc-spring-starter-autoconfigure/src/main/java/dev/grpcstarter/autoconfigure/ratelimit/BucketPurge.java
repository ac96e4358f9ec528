package dev.grpcstarter.autoconfigure.ratelimit;

import java.time.Duration;

import dev.grpcstarter.core.background.BackgroundPhases;
import dev.grpcstarter.core.background.BackgroundScheduler;
import dev.grpcstarter.core.background.PeriodicTask;
import dev.grpcstarter.core.ratelimit.LimitStore;
import dev.grpcstarter.core.ratelimit.RateLimitEngine;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Deletes the buckets of keys at rest where the engine keeps them until told (PostgreSQL);
 * Redis and memory expire them by themselves. Runs on the shared background scheduler
 * while the application context runs.
 */
final class BucketPurge implements SmartLifecycle {

	private static final int BATCH_SIZE = 1000;

	private final @Nullable PeriodicTask task;

	BucketPurge(LimitStore store, Duration interval, ObjectProvider<BackgroundScheduler> scheduler) {
		this.task = (store.engine() == RateLimitEngine.POSTGRESQL) ? new PeriodicTask(scheduler.getObject(),
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
