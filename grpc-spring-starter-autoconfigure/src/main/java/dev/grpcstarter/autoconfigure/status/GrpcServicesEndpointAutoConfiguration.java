package dev.grpcstarter.autoconfigure.status;

import dev.grpcstarter.core.status.InstanceIdentity;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

/**
 * The {@code grpc} Actuator endpoint, when it is available: exposed (for example
 * {@code management.endpoints.web.exposure.include=health,grpc}) and not switched off
 * ({@code management.endpoint.grpc.access=none}).
 */
@AutoConfiguration(after = { GrpcServerAutoConfiguration.class, GrpcInstanceAutoConfiguration.class })
@ConditionalOnClass({ GrpcServerLifecycle.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnAvailableEndpoint(GrpcServicesEndpoint.class)
public final class GrpcServicesEndpointAutoConfiguration {

	@Bean
	@ConditionalOnBean({ GrpcServerLifecycle.class, InstanceIdentity.class })
	@ConditionalOnMissingBean
	GrpcServicesEndpoint grpcServicesEndpoint(GrpcServerLifecycle server, InstanceIdentity identity) {
		return new GrpcServicesEndpoint(server, identity);
	}

}
