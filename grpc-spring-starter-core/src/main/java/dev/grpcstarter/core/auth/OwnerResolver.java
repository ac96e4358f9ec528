package dev.grpcstarter.core.auth;

import dev.grpcstarter.core.call.GrpcPrincipal;

import dev.grpcstarter.core.apikey.VerifiedApiKey;
import org.jspecify.annotations.Nullable;

/**
 * Turns a verified key into the principal it acts for.
 */
@FunctionalInterface
public interface OwnerResolver {

	/**
	 * The principal of a key's owner.
	 * @param key the verified key
	 * @return the principal, or {@code null} when the owner may not authenticate (unknown,
	 * disabled, locked)
	 */
	@Nullable GrpcPrincipal resolve(VerifiedApiKey key);

	/**
	 * The resolver used without a {@code UserDetailsService}: the authorities stored on the
	 * key apply.
	 * @param levels the staff and superuser authorities
	 * @return the resolver
	 */
	static OwnerResolver fromStoredAuthorities(AuthorityLevels levels) {
		return (key) -> levels.principal(key.owner(), key.authorities(), key.id());
	}

}
