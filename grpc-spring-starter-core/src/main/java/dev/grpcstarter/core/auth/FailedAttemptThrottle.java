package dev.grpcstarter.core.auth;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;

/**
 * Limits failed authentication attempts per client address, so keys cannot be guessed at
 * full speed: past the limit, calls presenting a key from that address are refused before
 * any verification until the window refills.
 */
public final class FailedAttemptThrottle {

	private final int maxFailures;

	private final Duration window;

	private final Cache<String, Bucket> buckets;

	/**
	 * A throttle.
	 * @param maxFailures failures allowed per window and address; 0 disables throttling
	 * @param window the window
	 */
	public FailedAttemptThrottle(int maxFailures, Duration window) {
		this.maxFailures = maxFailures;
		this.window = window;
		this.buckets = Caffeine.newBuilder().expireAfterAccess(window.multipliedBy(2)).maximumSize(100_000).build();
	}

	/**
	 * Whether the address has used up its failed attempts.
	 * @param address the client address
	 * @return whether to refuse it
	 */
	public boolean isBlocked(String address) {
		if (this.maxFailures <= 0) {
			return false;
		}
		Bucket bucket = this.buckets.getIfPresent(address);
		return bucket != null && bucket.getAvailableTokens() <= 0;
	}

	/**
	 * Counts a failed attempt of the address.
	 * @param address the client address
	 */
	public void recordFailure(String address) {
		if (this.maxFailures > 0) {
			this.buckets.get(address, (key) -> Bucket.builder()
				.addLimit(Bandwidth.builder()
					.capacity(this.maxFailures)
					.refillGreedy(this.maxFailures, this.window)
					.build())
				.build()).tryConsume(1);
		}
	}

}
