package dev.grpcstarter.autoconfigure.call;

import dev.grpcstarter.autoconfigure.condition.ConditionalOnGrpcServerEnabled;
import dev.grpcstarter.core.call.ClientAddressResolver;
import io.grpc.BindableService;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * How the client address of a call is found, once per call, for everything that needs it
 * (authentication's failed-attempt throttling, the request log).
 */
@AutoConfiguration
@ConditionalOnClass(BindableService.class)
@ConditionalOnGrpcServerEnabled
@EnableConfigurationProperties(GrpcClientAddressProperties.class)
public final class GrpcClientAddressAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClientAddressResolver grpcClientAddressResolver(GrpcClientAddressProperties properties) {
		return new ClientAddressResolver(properties.getTrustedProxies());
	}

}
