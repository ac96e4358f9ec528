package dev.grpcstarter.core.apikey;

/**
 * Which keys a list shows, by state.
 */
public enum ApiKeyFilter {

	/** Every key. */
	ALL,

	/** Usable keys. */
	ACTIVE,

	/** Usable keys that expire within seven days. */
	EXPIRING_SOON,

	/** Keys past their expiry and not revoked. */
	EXPIRED,

	/** Revoked keys. */
	REVOKED

}
