package dev.grpcstarter.core.apikey;

import java.util.Optional;

/**
 * Finds the stored key for a raw key; {@link ApiKeyService#verify(String)} is the
 * implementation the starter wires in.
 */
@FunctionalInterface
public interface ApiKeyLookup {

	/**
	 * The stored key for a raw key.
	 * @param rawKey the key a client presented
	 * @return the stored key, or empty when malformed or unknown
	 */
	Optional<VerifiedApiKey> verify(String rawKey);

}
