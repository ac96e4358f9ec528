package dev.grpcstarter.core.ratelimit;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The answer of {@link CallLimiter#tryAcquire}: whether a call may proceed and where its
 * caller stands.
 */
public sealed interface Allowance
		permits Allowance.Unlimited, Allowance.Granted, Allowance.RateLimited, Allowance.QuotaExhausted {

	/** The answer for callers without any limit. */
	Allowance UNLIMITED = new Unlimited();

	/** @return whether the call may proceed */
	boolean granted();

	/** @return where the caller stands, {@code null} for a caller without limits */
	@Nullable LimitState state();

	/** The caller has no limit: the call proceeds and carries no rate-limit headers. */
	record Unlimited() implements Allowance {

		@Override
		public boolean granted() {
			return true;
		}

		@Override
		public @Nullable LimitState state() {
			return null;
		}

	}

	/**
	 * The call proceeds; it used one call of every limit.
	 * @param state where the caller stands after this call
	 */
	record Granted(LimitState state) implements Allowance {

		@Override
		public boolean granted() {
			return true;
		}

	}

	/**
	 * A rate limit refuses the call.
	 * @param state the refusing limit
	 * @param retryAfter when a call would be allowed again
	 */
	record RateLimited(LimitState state, Duration retryAfter) implements Allowance {

		@Override
		public boolean granted() {
			return false;
		}

	}

	/**
	 * The quota is used up until its next refill.
	 * @param state the quota's state
	 * @param quota the quota
	 * @param retryAfter when the quota refills
	 */
	record QuotaExhausted(LimitState state, Quota quota, Duration retryAfter) implements Allowance {

		@Override
		public boolean granted() {
			return false;
		}

	}

}
