package dev.grpcstarter.core.apikey;

/**
 * Told when a key's stored state changes on this instance (revoked, rotated, edited), so
 * that caches of verified keys can drop it at once.
 */
@FunctionalInterface
public interface ApiKeyChangeListener {

	/**
	 * A key changed.
	 * @param keyHash the SHA-256 hash of the key, as caches know it
	 */
	void apiKeyChanged(String keyHash);

}
