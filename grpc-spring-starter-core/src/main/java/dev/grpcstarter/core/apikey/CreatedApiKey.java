package dev.grpcstarter.core.apikey;

/**
 * A key just created or rotated, with the raw key: the only time it is available. Show it
 * to its owner once; it is not stored anywhere.
 *
 * @param rawKey the key to hand to the client
 * @param key the stored key
 */
public record CreatedApiKey(String rawKey, ApiKey key) {

	/** Keeps the raw key out of logs and debug output. */
	@Override
	public String toString() {
		return "CreatedApiKey[" + this.key + "]";
	}

}
