package dev.grpcstarter.core.apikey;

import java.time.Instant;
import java.util.List;

import dev.grpcstarter.core.ratelimit.CallLimits;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of a stored key, as verification needs it; safe to cache.
 *
 * @param id the key id
 * @param name the key name
 * @param owner the principal name the key acts for
 * @param authorities the authorities stored on the key
 * @param scopes the method patterns the key may call; empty allows all
 * @param rateLimitPerMinute calls allowed per minute, {@code null} unlimited
 * @param expiresAt expiry, {@code null} never
 * @param revokedAt revocation time, {@code null} if not revoked
 * @param limits every rate limit and the quota, the per-minute limit included
 * @param limitsVersion raised at every change of the limits
 */
public record VerifiedApiKey(long id, String name, String owner, List<String> authorities, List<String> scopes,
		@Nullable Integer rateLimitPerMinute, @Nullable Instant expiresAt, @Nullable Instant revokedAt,
		CallLimits limits, long limitsVersion) {

	/**
	 * A key with at most a per-minute limit.
	 * @param id the key id
	 * @param name the key name
	 * @param owner the principal name the key acts for
	 * @param authorities the authorities stored on the key
	 * @param scopes the method patterns the key may call; empty allows all
	 * @param rateLimitPerMinute calls allowed per minute, {@code null} unlimited
	 * @param expiresAt expiry, {@code null} never
	 * @param revokedAt revocation time, {@code null} if not revoked
	 */
	public VerifiedApiKey(long id, String name, String owner, List<String> authorities, List<String> scopes,
			@Nullable Integer rateLimitPerMinute, @Nullable Instant expiresAt, @Nullable Instant revokedAt) {
		this(id, name, owner, authorities, scopes, rateLimitPerMinute, expiresAt, revokedAt,
				CallLimits.of(rateLimitPerMinute, List.of(), null), 0);
	}

	static VerifiedApiKey of(ApiKey key) {
		return new VerifiedApiKey(key.id(), key.getName(), key.getOwner(), key.getAuthorities(), key.getScopes(),
				key.getRateLimitPerMinute(), key.getExpiresAt(), key.getRevokedAt(), key.getLimits(),
				key.getLimitsVersion());
	}

	/**
	 * The state of the key at the given time.
	 * @param now the time
	 * @return the state
	 */
	public ApiKeyState stateAt(Instant now) {
		return ApiKeyState.at(this.revokedAt, this.expiresAt, now);
	}

}
