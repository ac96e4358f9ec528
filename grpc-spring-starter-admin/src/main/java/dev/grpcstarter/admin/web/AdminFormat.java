package dev.grpcstarter.admin.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import dev.grpcstarter.core.apikey.ApiKey;
import dev.grpcstarter.core.apikey.ApiKeyState;
import org.jspecify.annotations.Nullable;

/**
 * Formatting for the admin templates ({@code ${@adminFormat.xxx(..)}}); times in UTC.
 */
public final class AdminFormat {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	/**
	 * A point in time.
	 * @param instant the instant
	 * @return {@code 2026-11-23 10:15:30 UTC}, or a dash
	 */
	public String time(@Nullable Instant instant) {
		return (instant != null) ? TIME.format(instant) : "—";
	}

	/**
	 * A duration for people.
	 * @param duration the duration
	 * @return {@code 850 µs}, {@code 12.3 ms}, {@code 4.2 s}, {@code 3 min}, {@code 5 h}, {@code 2 d}
	 */
	public String duration(@Nullable Duration duration) {
		if (duration == null) {
			return "—";
		}
		long micros = duration.toNanos() / 1000;
		if (micros < 1000) {
			return micros + " µs";
		}
		if (micros < 1_000_000) {
			return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
		}
		long seconds = duration.toSeconds();
		if (seconds < 60) {
			return String.format(Locale.ROOT, "%.1f s", micros / 1_000_000.0);
		}
		if (seconds < 3600) {
			return (seconds / 60) + " min";
		}
		if (seconds < 86_400) {
			return (seconds / 3600) + " h " + ((seconds % 3600) / 60) + " min";
		}
		return (seconds / 86_400) + " d " + ((seconds % 86_400) / 3600) + " h";
	}

	/**
	 * Microseconds for people.
	 * @param micros the microseconds
	 * @return the duration
	 */
	public String micros(long micros) {
		return duration(Duration.ofNanos(micros * 1000));
	}

	/**
	 * The time from an instant to now.
	 * @param instant the instant
	 * @return {@code 12.0 s ago}
	 */
	public String ago(@Nullable Instant instant) {
		return (instant != null) ? duration(Duration.between(instant, Instant.now())) + " ago" : "never";
	}

	/**
	 * The state shown for a key: active, expiring soon (within 7 days), expired, revoked.
	 * @param key the key
	 * @return the state in words
	 */
	public String keyState(ApiKey key) {
		ApiKeyState state = key.stateAt(Instant.now());
		if (state == ApiKeyState.ACTIVE && key.getExpiresAt() != null
				&& key.getExpiresAt().isBefore(Instant.now().plus(Duration.ofDays(7)))) {
			return "expiring soon";
		}
		return state.name().toLowerCase(Locale.ROOT);
	}

	/**
	 * A share.
	 * @param share 0 to 1
	 * @return {@code 99.5 %}
	 */
	public String percent(double share) {
		return String.format(Locale.ROOT, "%.1f %%", share * 100);
	}

}
