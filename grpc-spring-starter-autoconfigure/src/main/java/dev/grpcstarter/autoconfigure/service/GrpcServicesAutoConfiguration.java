package dev.grpcstarter.autoconfigure.service;

import java.util.List;

import dev.grpcstarter.core.service.PackageScopedGrpcServiceDiscoverer;
import io.grpc.BindableService;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerServicesAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.grpc.server.GrpcServerFactory;
import org.springframework.grpc.server.service.DefaultGrpcServiceDiscoverer;
import org.springframework.grpc.server.service.GrpcServiceDiscoverer;

/**
 * Package-scoped service discovery: registers the {@code @GrpcService} classes of
 * {@code grpc.services.packages} and exposes only them (plus health and reflection).
 * Runs before Spring Boot's gRPC server auto-configuration, which only starts a server
 * when it sees a service bean.
 */
@AutoConfiguration(before = { GrpcServerServicesAutoConfiguration.class, GrpcServerAutoConfiguration.class })
@ConditionalOnClass({ BindableService.class, GrpcServerFactory.class })
@ConditionalOnBooleanProperty(name = "spring.grpc.server.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GrpcServicesProperties.class)
@Import(GrpcServicePackageRegistrar.class)
public final class GrpcServicesAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(GrpcServiceDiscoverer.class)
	PackageScopedGrpcServiceDiscoverer packageScopedGrpcServiceDiscoverer(ApplicationContext context,
			GrpcServicesProperties properties) {
		return new PackageScopedGrpcServiceDiscoverer(new DefaultGrpcServiceDiscoverer(context), context,
				properties.isAutoRegister() ? properties.getPackages() : List.of());
	}

}
