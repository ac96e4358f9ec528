package dev.grpcstarter.core.apikey;

import java.time.Instant;
import java.util.List;

import dev.grpcstarter.core.ratelimit.CallLimits;
import dev.grpcstarter.core.ratelimit.Quota;
import dev.grpcstarter.core.ratelimit.RateLimit;
import org.jspecify.annotations.Nullable;

/**
 * The editable settings of a key; the secret, owner and history never change.
 *
 * @param name the name
 * @param description the description
 * @param authorities the authorities
 * @param scopes the method patterns
 * @param expiresAt the expiry, {@code null} never
 * @param rateLimitPerMinute calls per minute, {@code null} for no per-minute limit
 * @param rateLimits further rate limits
 * @param quota the quota, {@code null} for none
 */
public record ApiKeyChanges(String name, @Nullable String description, List<String> authorities,
		List<String> scopes, @Nullable Instant expiresAt, @Nullable Integer rateLimitPerMinute,
		List<RateLimit> rateLimits, @Nullable Quota quota) {

	/**
	 * Settings with at most a per-minute limit: applying them removes further rate limits
	 * and the quota.
	 * @param name the name
	 * @param description the description
	 * @param authorities the authorities
	 * @param scopes the method patterns
	 * @param expiresAt the expiry, {@code null} never
	 * @param rateLimitPerMinute calls per minute, {@code null} for no limit
	 */
	public ApiKeyChanges(String name, @Nullable String description, List<String> authorities, List<String> scopes,
			@Nullable Instant expiresAt, @Nullable Integer rateLimitPerMinute) {
		this(name, description, authorities, scopes, expiresAt, rateLimitPerMinute, List.of(), null);
	}

	/**
	 * All limits of the key together.
	 * @return the limits
	 * @throws IllegalArgumentException when two rate limits share a period
	 */
	public CallLimits limits() {
		return CallLimits.of(this.rateLimitPerMinute, this.rateLimits, this.quota);
	}

}
