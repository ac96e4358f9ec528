package dev.grpcstarter.autoconfigure.server;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.util.ClassUtils;

/**
 * Leaves out Spring Boot's gRPC OAuth2 resource-server auto-configuration when Spring
 * Security's OAuth2 resource server is not on the classpath: it could create none of its
 * beans, and examining them logs two "OpaqueTokenIntrospector not present" / "JwtDecoder
 * not present" warnings in every application with Spring Security but no OAuth2.
 */
public final class GrpcServerOAuth2ImportFilter implements AutoConfigurationImportFilter, BeanClassLoaderAware {

	static final String OAUTH2_AUTO_CONFIGURATION = "org.springframework.boot.grpc.server.autoconfigure.security.GrpcServerOAuth2ResourceServerAutoConfiguration";

	private static final String[] OAUTH2_CLASSES = {
			"org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector",
			"org.springframework.security.oauth2.jwt.JwtDecoder" };

	private @Nullable ClassLoader classLoader;

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Override
	public boolean[] match(@Nullable String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
		boolean[] matches = new boolean[autoConfigurationClasses.length];
		boolean oauth2Present = oauth2Present();
		for (int i = 0; i < autoConfigurationClasses.length; i++) {
			matches[i] = oauth2Present || !OAUTH2_AUTO_CONFIGURATION.equals(autoConfigurationClasses[i]);
		}
		return matches;
	}

	private boolean oauth2Present() {
		for (String name : OAUTH2_CLASSES) {
			if (ClassUtils.isPresent(name, this.classLoader)) {
				return true;
			}
		}
		return false;
	}

}
