package dev.grpcstarter.core.auth;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;

/**
 * Verifies an {@link ApiKeyAuthenticationToken} with everything the starter checks of a
 * key ({@link ApiKeyAdmission}: the failed-attempt throttle, checksum, cache, lookup,
 * owner resolution, scopes, rate limits and quota, usage). A refused key throws an
 * {@link ApiKeyAuthenticationException} carrying the call's status; a key is never
 * answered with {@code null}, so no other provider is asked about it.
 */
public final class ApiKeyAuthenticationProvider implements AuthenticationProvider {

	private final ApiKeyAdmission admission;

	/**
	 * A provider.
	 * @param admission decides on calls presenting a key
	 */
	public ApiKeyAuthenticationProvider(ApiKeyAdmission admission) {
		this.admission = admission;
	}

	@Override
	public @Nullable Authentication authenticate(Authentication authentication) {
		ApiKeyAuthenticationToken presented = (ApiKeyAuthenticationToken) authentication;
		String key = presented.getCredentials();
		String method = presented.getFullMethodName();
		if (key == null || method == null) {
			// Already verified (its key erased): not a presented key.
			return null;
		}
		ApiKeyAdmission.Decision decision = this.admission.admit(key, method, presented.getClientAddress());
		if (decision instanceof ApiKeyAdmission.Refused refused) {
			throw new ApiKeyAuthenticationException(refused.status(), refused.trailers());
		}
		ApiKeyAdmission.Admitted admitted = (ApiKeyAdmission.Admitted) decision;
		return ApiKeyAuthenticationToken.authenticated(admitted.principal(), admitted.allowance());
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return ApiKeyAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
