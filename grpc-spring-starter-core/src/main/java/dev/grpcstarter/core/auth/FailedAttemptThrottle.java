package dev.grpcstarter.core.auth;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits failed authentication attempts per client address, so keys cannot be guessed at
 * full speed. Any other string can stand for the address, a user name for example.
 *
 * <p>Each address has an allowance of {@code maxFailures} attempts per window, refilled
 * evenly over the window. An attempt takes one from the allowance <em>before</em> the key
 * is verified, in one atomic step, and gives it back once the key turns out valid: however
 * many callers guess at once, no more keys are verified than the allowance holds. Past it,
 * attempts are refused before any verification until the allowance refills.
 */
public final class FailedAttemptThrottle {

	private static final Logger logger = LoggerFactory.getLogger(FailedAttemptThrottle.class);

	private final int maxFailures;

	private final Duration window;

	private final String refusing;

	private final Cache<String, Bucket> buckets;

	/** Addresses reported as blocked in the current window, so a flood logs one line. */
	private final Cache<String, Boolean> reported;

	/**
	 * A throttle.
	 * @param maxFailures failures allowed per window and address; 0 disables throttling
	 * @param window the window
	 */
	public FailedAttemptThrottle(int maxFailures, Duration window) {
		this(maxFailures, window, "API keys from");
	}

	/**
	 * A throttle that names what it refuses in its log line.
	 * @param maxFailures failures allowed per window and address; 0 disables throttling
	 * @param window the window
	 * @param refusing what is refused, followed by the address in the log line: for
	 * example {@code API keys from}
	 */
	public FailedAttemptThrottle(int maxFailures, Duration window, String refusing) {
		this.maxFailures = maxFailures;
		this.window = window;
		this.refusing = refusing;
		this.buckets = Caffeine.newBuilder().expireAfterAccess(window.multipliedBy(2)).maximumSize(100_000).build();
		this.reported = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(10_000).build();
	}

	/**
	 * Takes one attempt from the address's allowance, before its key is verified.
	 * @param address the client address
	 * @return whether the attempt may go on, and if not, when to retry
	 */
	public Attempt tryAttempt(String address) {
		if (this.maxFailures <= 0) {
			return Attempt.ALLOWED;
		}
		// Caffeine creates the bucket atomically; the bucket takes the token atomically.
		ConsumptionProbe probe = this.buckets.get(address, this::newBucket).tryConsumeAndReturnRemaining(1);
		if (probe.isConsumed()) {
			return Attempt.ALLOWED;
		}
		if (this.reported.asMap().putIfAbsent(address, Boolean.TRUE) == null) {
			logger.warn("Refusing {} {}: more than {} failed attempts in {} (logged once per window)", this.refusing,
					address, this.maxFailures, this.window);
		}
		return Attempt.refused(Duration.ofNanos(probe.getNanosToWaitForRefill()));
	}

	/**
	 * Gives an attempt back that did not fail: the key was valid, or could not be checked.
	 * @param address the client address given to {@link #tryAttempt(String)}
	 */
	public void refund(String address) {
		if (this.maxFailures > 0) {
			Bucket bucket = this.buckets.getIfPresent(address);
			if (bucket != null) {
				bucket.addTokens(1);
			}
		}
	}

	private Bucket newBucket(String address) {
		return Bucket.builder()
			.addLimit(Bandwidth.builder().capacity(this.maxFailures).refillGreedy(this.maxFailures, this.window).build())
			.build();
	}

	/**
	 * The answer of {@link #tryAttempt(String)}.
	 *
	 * @param allowed whether the attempt may go on
	 * @param retryAfter when a refused caller may try again; {@code null} when allowed
	 */
	public record Attempt(boolean allowed, @Nullable Duration retryAfter) {

		static final Attempt ALLOWED = new Attempt(true, null);

		static Attempt refused(Duration retryAfter) {
			return new Attempt(false, retryAfter);
		}

	}

}
