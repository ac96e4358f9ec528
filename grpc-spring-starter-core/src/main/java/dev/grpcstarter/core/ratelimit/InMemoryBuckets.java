package dev.grpcstarter.core.ratelimit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.bucket4j.distributed.proxy.AbstractProxyManager;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.remote.CommandResult;
import io.github.bucket4j.distributed.remote.MutableBucketEntry;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import io.github.bucket4j.distributed.remote.Request;

/**
 * Buckets in this instance's memory, behind the same proxy interface as the shared engines
 * so that one code path serves all three. A bucket is dropped once it would be full again
 * (plus a minute): a new one starts full, so nothing is lost. Bucket4j's own Caffeine
 * module would do the same, but its jar is not on Maven Central for the versions used here.
 */
final class InMemoryBuckets extends AbstractProxyManager<Long> {

	private static final long KEEP_AFTER_REFILL_NANOS = Duration.ofMinutes(1).toNanos();

	private final Cache<Long, RemoteBucketState> buckets;

	InMemoryBuckets() {
		super(ClientSideConfig.getDefault());
		this.buckets = Caffeine.newBuilder().maximumSize(1_000_000).expireAfter(new Expiry<Long, RemoteBucketState>() {

			@Override
			public long expireAfterCreate(Long key, RemoteBucketState state, long currentTime) {
				return untilFullAgain(state);
			}

			@Override
			public long expireAfterUpdate(Long key, RemoteBucketState state, long currentTime, long currentDuration) {
				return untilFullAgain(state);
			}

			@Override
			public long expireAfterRead(Long key, RemoteBucketState state, long currentTime, long currentDuration) {
				return currentDuration;
			}

		}).build();
	}

	private static long untilFullAgain(RemoteBucketState state) {
		long nanos = state.calculateFullRefillingTime(nowNanos());
		return (nanos > Long.MAX_VALUE - KEEP_AFTER_REFILL_NANOS) ? Long.MAX_VALUE : nanos + KEEP_AFTER_REFILL_NANOS;
	}

	// The shared engines count time in epoch nanoseconds of millisecond precision; so does this one.
	private static long nowNanos() {
		return System.currentTimeMillis() * 1_000_000;
	}

	@Override
	protected <T> CommandResult<T> execute(Long key, Request<T> request) {
		@SuppressWarnings("unchecked")
		CommandResult<T>[] result = new CommandResult[1];
		this.buckets.asMap().compute(key, (id, previous) -> {
			Long clientTime = request.getClientSideTime();
			MutableBucketEntry entry = new MutableBucketEntry((previous != null) ? previous.copy() : null);
			result[0] = request.getCommand().execute(entry, (clientTime != null) ? clientTime : nowNanos());
			return entry.exists() ? entry.get() : null;
		});
		return result[0];
	}

	@Override
	protected <T> CompletableFuture<CommandResult<T>> executeAsync(Long key, Request<T> request) {
		return CompletableFuture.completedFuture(execute(key, request));
	}

	@Override
	protected CompletableFuture<Void> removeAsync(Long key) {
		this.buckets.invalidate(key);
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public void removeProxy(Long key) {
		this.buckets.invalidate(key);
	}

	@Override
	public boolean isAsyncModeSupported() {
		return false;
	}

}
