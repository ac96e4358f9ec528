package dev.grpcstarter.core.auth;

import java.security.cert.X509Certificate;

import org.springframework.security.core.Authentication;

/**
 * Names the mechanism that authenticated a call, as the request log records it:
 * {@code api-key}, {@code bearer} (JWT or opaque token), {@code x509} (client
 * certificate), {@code basic}, {@code pre-authenticated}, or else the simple name of the
 * {@code Authentication} type.
 */
public final class AuthenticationMechanisms {

	private static final String OAUTH2_PACKAGE = "org.springframework.security.oauth2.";

	private AuthenticationMechanisms() {
	}

	/**
	 * The mechanism of an authentication.
	 * @param authentication an authenticated call's authentication
	 * @return its mechanism's name
	 */
	public static String of(Authentication authentication) {
		if (authentication instanceof ApiKeyAuthenticationToken) {
			return ApiKeyAdmission.MECHANISM;
		}
		// By name: the OAuth2 and web modules of Spring Security are optional.
		String type = authentication.getClass().getName();
		if (type.startsWith(OAUTH2_PACKAGE)) {
			return "bearer";
		}
		if (type.equals("org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken")) {
			return (authentication.getCredentials() instanceof X509Certificate) ? "x509" : "pre-authenticated";
		}
		if (type.equals("org.springframework.security.authentication.UsernamePasswordAuthenticationToken")) {
			return "basic";
		}
		return authentication.getClass().getSimpleName();
	}

}
