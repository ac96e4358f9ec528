package dev.grpcstarter.autoconfigure.service;

import java.util.List;

import dev.grpcstarter.autoconfigure.condition.ConditionalOnGrpcServerEnabled;
import dev.grpcstarter.core.call.GrpcServiceCatalog;
import dev.grpcstarter.core.service.PackageScopedGrpcServiceDiscoverer;
import io.grpc.BindableService;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerServicesAutoConfiguration;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.grpc.server.GrpcServerFactory;
import org.springframework.grpc.server.service.DefaultGrpcServiceDiscoverer;
import org.springframework.grpc.server.service.GrpcServiceDiscoverer;

/**
 * Package-scoped service discovery: registers the {@code @GrpcService} classes of
 * {@code grpc.services.packages} and exposes only them (plus health and reflection), and
 * the catalog of served services that authentication and read-only transactions consult.
 * Runs before Spring Boot's gRPC server auto-configuration, which only starts a server
 * when it sees a service bean.
 */
@AutoConfiguration(before = { GrpcServerServicesAutoConfiguration.class, GrpcServerAutoConfiguration.class })
@ConditionalOnClass({ BindableService.class, GrpcServerFactory.class })
@ConditionalOnGrpcServerEnabled
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

	@Bean
	@ConditionalOnMissingBean
	GrpcServiceCatalog grpcServiceCatalog(ListableBeanFactory beanFactory) {
		return new GrpcServiceCatalog(beanFactory);
	}

}
