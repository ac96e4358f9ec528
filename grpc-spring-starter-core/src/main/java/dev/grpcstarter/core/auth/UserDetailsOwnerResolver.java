package dev.grpcstarter.core.auth;

import dev.grpcstarter.core.call.GrpcPrincipal;

import java.util.List;

import dev.grpcstarter.core.apikey.VerifiedApiKey;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Resolves a key's owner through the application's {@link UserDetailsService}: unknown,
 * disabled, locked or expired users are refused, and the user's authorities apply (the
 * authorities stored on the key are ignored).
 */
public final class UserDetailsOwnerResolver implements OwnerResolver {

	private final UserDetailsService users;

	private final AuthorityLevels levels;

	/**
	 * A resolver backed by the given users.
	 * @param users the application's users
	 * @param levels the staff and superuser authorities
	 */
	public UserDetailsOwnerResolver(UserDetailsService users, AuthorityLevels levels) {
		this.users = users;
		this.levels = levels;
	}

	@Override
	public @Nullable GrpcPrincipal resolve(VerifiedApiKey key) {
		UserDetails user;
		try {
			user = this.users.loadUserByUsername(key.owner());
		}
		catch (UsernameNotFoundException ex) {
			return null;
		}
		if (user == null || !user.isEnabled() || !user.isAccountNonLocked() || !user.isAccountNonExpired()) {
			return null;
		}
		List<String> authorities = user.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
		return this.levels.principal(user.getUsername(), authorities, key.id());
	}

}
