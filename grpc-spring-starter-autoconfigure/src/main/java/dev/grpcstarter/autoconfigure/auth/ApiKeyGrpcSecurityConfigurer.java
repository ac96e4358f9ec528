package dev.grpcstarter.autoconfigure.auth;

import dev.grpcstarter.core.auth.ApiKeyAuthenticationExtractor;
import dev.grpcstarter.core.auth.ApiKeyAuthenticationProvider;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;
import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.security.config.annotation.SecurityConfigurerAdapter;

/**
 * Adds the API key to a {@link GrpcSecurity} as one more authentication mechanism: its
 * extractor and its provider. Applied by the starter to the {@code GrpcSecurity} bean Spring
 * Boot provides, so an application that builds its own
 * {@link AuthenticationProcessInterceptor} from it (JWT bearer tokens, Basic, X.509) accepts
 * API keys as well, under the same method rules.
 */
public final class ApiKeyGrpcSecurityConfigurer
		extends SecurityConfigurerAdapter<AuthenticationProcessInterceptor, GrpcSecurity> {

	private final ApiKeyAuthenticationExtractor extractor;

	private final ApiKeyAuthenticationProvider provider;

	/**
	 * A configurer.
	 * @param extractor finds the key of a call
	 * @param provider verifies it
	 */
	public ApiKeyGrpcSecurityConfigurer(ApiKeyAuthenticationExtractor extractor,
			ApiKeyAuthenticationProvider provider) {
		this.extractor = extractor;
		this.provider = provider;
	}

	@Override
	public void configure(GrpcSecurity grpc) {
		grpc.authenticationExtractor(this.extractor);
		grpc.authenticationProvider(this.provider);
	}

}
