package dev.grpcstarter.core.ratelimit;

import java.time.Duration;

/**
 * At most {@code calls} per {@code period}, refilled gradually: a caller that used them all
 * gets one back every {@code period / calls}. A short period makes a burst limit
 * ({@code 20/1s}), a long one a sustained rate ({@code 10000/1d}).
 *
 * @param calls the calls allowed per period, at least 1
 * @param period the period, whole seconds, at least one second
 */
public record RateLimit(long calls, Duration period) {

	/**
	 * Checks the values.
	 * @param calls the calls allowed per period
	 * @param period the period
	 */
	public RateLimit {
		CallsPerPeriod.check(calls, period, "rate limit");
	}

	/**
	 * A limit of calls per minute.
	 * @param calls the calls
	 * @return the limit
	 */
	public static RateLimit perMinute(long calls) {
		return new RateLimit(calls, Duration.ofMinutes(1));
	}

	/**
	 * Reads the text form, for example {@code 20/1s} or {@code 10000/1d}.
	 * @param text the text
	 * @return the limit
	 * @throws IllegalArgumentException when the text is not a rate limit
	 */
	public static RateLimit parse(String text) {
		long[] values = CallsPerPeriod.parse(text, "rate limit");
		return new RateLimit(values[0], Duration.ofSeconds(values[1]));
	}

	/** @return the text form, for example {@code 20/1s}, which {@link #parse} reads back */
	@Override
	public String toString() {
		return CallsPerPeriod.format(this.calls, this.period);
	}

}
