package dev.grpcstarter.core.apikey;

/**
 * Whether a key can be used.
 */
public enum ApiKeyState {

	/** Usable. */
	ACTIVE,

	/** Past its expiry, including a rotated key past its grace period. */
	EXPIRED,

	/** Revoked by an operator. */
	REVOKED

}
