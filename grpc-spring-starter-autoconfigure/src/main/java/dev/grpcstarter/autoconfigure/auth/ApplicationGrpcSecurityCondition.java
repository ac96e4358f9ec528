package dev.grpcstarter.autoconfigure.auth;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.Conditional;

/**
 * Matches when the application has its own gRPC security: an
 * {@code AuthenticationProcessInterceptor} bean, or a JWT decoder or opaque-token
 * introspector from which Spring Boot's gRPC server auto-configuration builds one.
 * {@link Absent} is its opposite.
 */
final class ApplicationGrpcSecurityCondition extends AnyNestedCondition {

	static final String INTERCEPTOR = "org.springframework.grpc.server.security.AuthenticationProcessInterceptor";

	static final String JWT_DECODER = "org.springframework.security.oauth2.jwt.JwtDecoder";

	static final String INTROSPECTOR = "org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector";

	static final String SECURITY_CONFIG = "org.springframework.security.config.ObjectPostProcessor";

	ApplicationGrpcSecurityCondition() {
		super(ConfigurationPhase.REGISTER_BEAN);
	}

	@ConditionalOnBean(type = INTERCEPTOR)
	static class OwnInterceptor {

	}

	@ConditionalOnClass(name = SECURITY_CONFIG)
	@ConditionalOnBean(type = JWT_DECODER)
	static class JwtResourceServer {

	}

	@ConditionalOnClass(name = SECURITY_CONFIG)
	@ConditionalOnBean(type = INTROSPECTOR)
	static class OpaqueTokenResourceServer {

	}

	/**
	 * Matches when the application has no gRPC security of its own.
	 */
	static final class Absent extends NoneNestedConditions {

		Absent() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@Conditional(ApplicationGrpcSecurityCondition.class)
		static class Present {

		}

	}

}
