package dev.grpcstarter.core.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Every limit of one caller, applied together: a call goes through only when each rate
 * limit and the quota have a call left, and it uses one of each.
 *
 * @param rates the rate limits, at most one per period, shortest period first
 * @param quota the quota, {@code null} for none
 */
public record CallLimits(List<RateLimit> rates, @Nullable Quota quota) {

	/** No limit at all. */
	public static final CallLimits NONE = new CallLimits(List.of(), null);

	/**
	 * Checks the values and sorts the rate limits.
	 * @param rates the rate limits
	 * @param quota the quota
	 * @throws IllegalArgumentException when two rate limits share a period
	 */
	public CallLimits {
		Set<Duration> periods = new HashSet<>();
		for (RateLimit rate : rates) {
			if (!periods.add(rate.period())) {
				throw new IllegalArgumentException("two rate limits per " + CallsPerPeriod.formatPeriod(rate.period())
						+ "; keep one (the lower one applies anyway)");
			}
		}
		rates = rates.stream().sorted(Comparator.comparing(RateLimit::period)).toList();
	}

	/**
	 * The limits a key stores: a per-minute limit, further rate limits and a quota.
	 * @param perMinute calls per minute, {@code null} for none
	 * @param further further rate limits
	 * @param quota the quota, {@code null} for none
	 * @return the limits
	 * @throws IllegalArgumentException when a further limit is also per minute while
	 * {@code perMinute} is set
	 */
	public static CallLimits of(@Nullable Integer perMinute, List<RateLimit> further, @Nullable Quota quota) {
		List<RateLimit> rates = new ArrayList<>(further);
		if (perMinute != null) {
			rates.add(RateLimit.perMinute(perMinute));
		}
		return new CallLimits(rates, quota);
	}

	/**
	 * Reads rate limits separated by commas or line breaks, for example
	 * {@code 20/1s, 10000/1d}; blank text is no limit.
	 * @param text the text
	 * @return the limits, in the order written
	 * @throws IllegalArgumentException when a part is not a rate limit
	 */
	public static List<RateLimit> parseRates(@Nullable String text) {
		if (text == null || text.isBlank()) {
			return List.of();
		}
		return Arrays.stream(text.split("[,\\n]"))
			.map(String::trim)
			.filter((part) -> !part.isEmpty())
			.map(RateLimit::parse)
			.toList();
	}

	/**
	 * Writes rate limits as {@link #parseRates} reads them.
	 * @param rates the limits
	 * @return the text, empty for none
	 */
	public static String formatRates(List<RateLimit> rates) {
		return rates.stream().map(RateLimit::toString).collect(Collectors.joining(", "));
	}

	/** @return whether there is no limit and no quota */
	public boolean isUnlimited() {
		return this.rates.isEmpty() && this.quota == null;
	}

	/** @return the fewest calls any single limit allows per its period; {@link Long#MAX_VALUE} when unlimited */
	long smallestAllowance() {
		long smallest = (this.quota != null) ? this.quota.calls() : Long.MAX_VALUE;
		for (RateLimit rate : this.rates) {
			smallest = Math.min(smallest, rate.calls());
		}
		return smallest;
	}

	@Override
	public String toString() {
		String text = formatRates(this.rates);
		if (this.quota != null) {
			text = (text.isEmpty() ? "" : text + ", ") + "quota " + this.quota;
		}
		return text.isEmpty() ? "unlimited" : text;
	}

}
