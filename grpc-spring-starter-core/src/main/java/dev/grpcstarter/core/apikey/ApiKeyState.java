package dev.grpcstarter.core.apikey;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Whether a key can be used.
 */
public enum ApiKeyState {

	/** Usable. */
	ACTIVE,

	/** Past its expiry, including a rotated key past its grace period. */
	EXPIRED,

	/** Revoked by an operator. */
	REVOKED;

	/**
	 * The state of a key with the given times.
	 * @param revokedAt when it was revoked, or {@code null}
	 * @param expiresAt when it expires, or {@code null}
	 * @param now the time to judge at
	 * @return the state
	 */
	static ApiKeyState at(@Nullable Instant revokedAt, @Nullable Instant expiresAt, Instant now) {
		if (revokedAt != null && !revokedAt.isAfter(now)) {
			return REVOKED;
		}
		if (expiresAt != null && !expiresAt.isAfter(now)) {
			return EXPIRED;
		}
		return ACTIVE;
	}

}
