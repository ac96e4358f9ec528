package dev.grpcstarter.core.ratelimit;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text form shared by rate limits and quotas: {@code calls/period}, for example
 * {@code 20/1s}, {@code 300/1m}, {@code 10000/1d} or {@code 100000/30d}. The period is a
 * whole number (1 when left out) and a unit: {@code s}, {@code m} (or {@code min}),
 * {@code h}, {@code d}, as in Spring Boot's durations.
 */
final class CallsPerPeriod {

	private static final Pattern SYNTAX = Pattern.compile("(\\d{1,18})\\s*/\\s*(\\d{0,9})\\s*(s|m|min|h|d)");

	private CallsPerPeriod() {
	}

	static long[] parse(String text, String what) {
		Matcher matcher = SYNTAX.matcher(text.trim().toLowerCase(Locale.ROOT));
		if (!matcher.matches()) {
			throw new IllegalArgumentException("'" + text + "' is not a " + what
					+ "; write calls/period, for example 20/1s, 300/1m, 10000/1d");
		}
		long calls = Long.parseLong(matcher.group(1));
		long amount = matcher.group(2).isEmpty() ? 1 : Long.parseLong(matcher.group(2));
		long unitSeconds = switch (matcher.group(3)) {
			case "s" -> 1;
			case "m", "min" -> 60;
			case "h" -> 3600;
			default -> 86400;
		};
		return new long[] { calls, Math.multiplyExact(amount, unitSeconds) };
	}

	static void check(long calls, Duration period, String what) {
		if (calls < 1) {
			throw new IllegalArgumentException(what + ": calls must be at least 1");
		}
		if (period.compareTo(Duration.ofSeconds(1)) < 0 || period.getNano() != 0) {
			throw new IllegalArgumentException(what + ": the period must be a whole number of seconds, at least 1s");
		}
	}

	static String format(long calls, Duration period) {
		return calls + "/" + formatPeriod(period);
	}

	static String formatPeriod(Duration period) {
		long seconds = period.getSeconds();
		if (seconds % 86400 == 0) {
			return (seconds / 86400) + "d";
		}
		if (seconds % 3600 == 0) {
			return (seconds / 3600) + "h";
		}
		if (seconds % 60 == 0) {
			return (seconds / 60) + "m";
		}
		return seconds + "s";
	}

}
