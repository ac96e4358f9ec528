package dev.grpcstarter.autoconfigure.status;

import dev.grpcstarter.core.status.InstanceIdentity;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

/**
 * The identity of this server instance, shared by the request log and the status table.
 */
@AutoConfiguration
@ConditionalOnClass(GrpcServerStartedEvent.class)
public final class GrpcInstanceAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	InstanceIdentity grpcInstanceIdentity(Environment environment) {
		return new InstanceIdentity(environment.getProperty("spring.grpc.server.port", Integer.class, 0));
	}

	@Bean
	ApplicationListener<GrpcServerStartedEvent> grpcInstanceBoundPortListener(InstanceIdentity identity) {
		return (event) -> identity.bound(event.getPort(), event.getServer().getServices());
	}

}
