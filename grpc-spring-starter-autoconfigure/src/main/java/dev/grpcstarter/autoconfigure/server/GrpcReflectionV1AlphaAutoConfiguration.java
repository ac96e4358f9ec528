package dev.grpcstarter.autoconfigure.server;

import dev.grpcstarter.autoconfigure.condition.ConditionalOnGrpcServerEnabled;
import io.grpc.BindableService;
import io.grpc.protobuf.services.ProtoReflectionService;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerServicesAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Adds server reflection v1alpha beside the v1 service Spring Boot registers, since many
 * tools (older grpcurl, Postman, some IDEs) still ask only v1alpha. Follows Boot's own
 * switch, {@code spring.grpc.server.reflection.enabled}.
 */
@AutoConfiguration(after = GrpcServerServicesAutoConfiguration.class, before = GrpcServerAutoConfiguration.class)
@ConditionalOnClass(ProtoReflectionService.class)
@ConditionalOnGrpcServerEnabled
@ConditionalOnBooleanProperty(name = "spring.grpc.server.reflection.enabled", matchIfMissing = true)
public final class GrpcReflectionV1AlphaAutoConfiguration {

	@Bean
	@ConditionalOnBean(BindableService.class)
	@ConditionalOnMissingBean(ProtoReflectionService.class)
	@SuppressWarnings("deprecation") // v1alpha is deprecated upstream but still widely asked for
	BindableService grpcReflectionV1AlphaService() {
		return ProtoReflectionService.newInstance();
	}

}
