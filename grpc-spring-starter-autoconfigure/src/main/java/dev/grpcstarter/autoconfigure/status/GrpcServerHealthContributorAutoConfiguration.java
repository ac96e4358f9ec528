package dev.grpcstarter.autoconfigure.status;

import dev.grpcstarter.core.status.InstanceIdentity;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

/**
 * The {@code grpcServer} health contributor, switched off with
 * {@code management.health.grpc-server.enabled=false}. Independent of
 * {@code grpc.server-status.*}: it needs the server, not the database.
 */
@AutoConfiguration(after = { GrpcServerAutoConfiguration.class, GrpcInstanceAutoConfiguration.class })
@ConditionalOnClass({ GrpcServerLifecycle.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean({ GrpcServerLifecycle.class, InstanceIdentity.class })
@ConditionalOnEnabledHealthIndicator("grpc-server")
public final class GrpcServerHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(value = GrpcServerHealthIndicator.class, name = "grpcServerHealthIndicator")
	GrpcServerHealthIndicator grpcServerHealthIndicator(GrpcServerLifecycle server, InstanceIdentity identity) {
		return new GrpcServerHealthIndicator(server, identity);
	}

}
