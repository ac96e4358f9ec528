package dev.grpcstarter.core.auth;

import dev.grpcstarter.core.call.GrpcPrincipal;

import java.util.Collection;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Which authorities make a principal staff or superuser. A superuser is also staff.
 *
 * @param staffAuthority the staff authority, for example {@code ROLE_STAFF}
 * @param superuserAuthority the superuser authority, for example {@code ROLE_ADMIN}
 */
public record AuthorityLevels(String staffAuthority, String superuserAuthority) {

	/**
	 * A principal with the levels its authorities give.
	 * @param name the name
	 * @param authorities the authorities
	 * @param apiKeyId the key, or {@code null}
	 * @return the principal
	 */
	public GrpcPrincipal principal(String name, Collection<String> authorities, @Nullable Long apiKeyId) {
		Set<String> granted = Set.copyOf(authorities);
		boolean superuser = granted.contains(this.superuserAuthority);
		boolean staff = superuser || granted.contains(this.staffAuthority);
		return new GrpcPrincipal(name, granted, apiKeyId, staff, superuser);
	}

}
