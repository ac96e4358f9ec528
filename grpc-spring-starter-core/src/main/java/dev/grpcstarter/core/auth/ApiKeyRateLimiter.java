package dev.grpcstarter.core.auth;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.grpcstarter.core.apikey.VerifiedApiKey;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;

/**
 * A token bucket per key, sized by the key's calls-per-minute limit. Buckets live in this
 * instance's memory: with N instances a key may make up to N times its limit.
 */
public final class ApiKeyRateLimiter {

	private final Cache<Long, LimitedBucket> buckets = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofMinutes(10))
		.build();

	/**
	 * Takes one token for a call with the key.
	 * @param key the key
	 * @return whether the call may proceed
	 */
	public boolean tryAcquire(VerifiedApiKey key) {
		Integer limit = key.rateLimitPerMinute();
		if (limit == null) {
			return true;
		}
		LimitedBucket bucket = this.buckets.get(key.id(), (id) -> new LimitedBucket(limit));
		if (bucket.limit != limit) {
			// The limit was edited: start a bucket of the new size.
			bucket = this.buckets.asMap()
				.compute(key.id(), (id, old) -> (old != null && old.limit == limit) ? old : new LimitedBucket(limit));
		}
		return bucket.bucket.tryConsume(1);
	}

	private static final class LimitedBucket {

		private final int limit;

		private final Bucket bucket;

		LimitedBucket(int limit) {
			this.limit = limit;
			this.bucket = Bucket.builder()
				.addLimit(Bandwidth.builder().capacity(limit).refillGreedy(limit, Duration.ofMinutes(1)).build())
				.build();
		}

	}

}
