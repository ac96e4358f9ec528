package dev.grpcstarter.autoconfigure.ratelimit;

import java.time.Duration;

import dev.grpcstarter.core.background.PeriodicTask;
import dev.grpcstarter.core.ratelimit.LimitStore;
import dev.grpcstarter.core.ratelimit.RateLimitEngine;
import org.jspecify.annotations.Nullable;

/**
 * Deletes the buckets of keys at rest where the engine keeps them until told (PostgreSQL);
 * Redis and memory expire them by themselves.
 */
final class BucketPurge implements AutoCloseable {

	private static final int BATCH_SIZE = 1000;

	private final @Nullable PeriodicTask task;

	BucketPurge(LimitStore store, Duration interval) {
		this.task = (store.engine() == RateLimitEngine.POSTGRESQL)
				? new PeriodicTask("grpc-rate-limit-purge", interval, interval, () -> store.removeExpired(BATCH_SIZE))
				: null;
	}

	boolean isActive() {
		return this.task != null;
	}

	@Override
	public void close() {
		if (this.task != null) {
			this.task.close();
		}
	}

}
