package dev.grpcstarter.core.apikey;

/**
 * Told when a key's stored state changes (revoked, rotated, edited), on this instance or,
 * through {@link ApiKeyChangeNotifications}, on another, so that caches of verified keys
 * can drop it at once.
 */
@FunctionalInterface
public interface ApiKeyChangeListener {

	/**
	 * A key changed.
	 * @param keyHash the SHA-256 hash of the key, as caches know it
	 */
	void apiKeyChanged(String keyHash);

	/**
	 * Changes may have been missed: the notifications were interrupted (a lost connection)
	 * and have just been subscribed to again. A cache drops every key it holds.
	 */
	default void apiKeyChangesMissed() {
	}

}
