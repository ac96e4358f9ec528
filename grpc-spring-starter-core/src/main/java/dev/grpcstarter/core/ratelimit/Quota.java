package dev.grpcstarter.core.ratelimit;

import java.time.Duration;
import java.time.Instant;

/**
 * A number of calls per period, refilled in full at each period boundary. The boundaries
 * lie on a fixed grid, multiples of the period since 1970-01-01T00:00Z, the same on every
 * instance: a {@code 1d} quota refills at midnight UTC, a {@code 30d} quota every 30 days.
 *
 * @param calls the calls allowed per period, at least 1
 * @param period the period, whole seconds, at least one second
 */
public record Quota(long calls, Duration period) {

	/**
	 * Checks the values.
	 * @param calls the calls allowed per period
	 * @param period the period
	 */
	public Quota {
		CallsPerPeriod.check(calls, period, "quota");
	}

	/**
	 * Reads the text form, for example {@code 100000/30d}.
	 * @param text the text
	 * @return the quota
	 * @throws IllegalArgumentException when the text is not a quota
	 */
	public static Quota parse(String text) {
		long[] values = CallsPerPeriod.parse(text, "quota");
		return new Quota(values[0], Duration.ofSeconds(values[1]));
	}

	/**
	 * The first refill after a time.
	 * @param now the time
	 * @return the next period boundary, strictly after {@code now}
	 */
	public Instant nextRefillAfter(Instant now) {
		long periodMillis = this.period.toMillis();
		long nowMillis = now.toEpochMilli();
		return Instant.ofEpochMilli(Math.floorDiv(nowMillis, periodMillis) * periodMillis + periodMillis);
	}

	/** @return the text form, for example {@code 100000/30d}, which {@link #parse} reads back */
	@Override
	public String toString() {
		return CallsPerPeriod.format(this.calls, this.period);
	}

}
