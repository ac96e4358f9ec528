package dev.grpcstarter.autoconfigure.error;

import dev.grpcstarter.core.error.DefaultGrpcExceptionHandler;
import dev.grpcstarter.core.call.ClientAddressResolver;
import dev.grpcstarter.core.call.PipelineOrder;
import dev.grpcstarter.core.pipeline.RequestIdInterceptor;
import dev.grpcstarter.core.pipeline.UnimplementedMethodRegistry;
import io.grpc.BindableService;
import io.grpc.ServerBuilder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.GrpcServerFactory;
import org.springframework.grpc.server.ServerBuilderCustomizer;

/**
 * The outer pipeline: the default exception-to-status mapping, plugged into Spring gRPC's
 * exception-handler chain after the application's own handlers, the request id on every
 * failed call (calls to unknown methods included, through the server's fallback registry),
 * and the client address of a call.
 *
 * <p>Runs after Spring Boot's gRPC server auto-configuration so that the default handler is
 * registered after every other {@code GrpcExceptionHandler} (the {@code @GrpcAdvice}
 * adapter included): handlers of equal order keep their registration order.
 */
@AutoConfiguration(after = GrpcServerAutoConfiguration.class)
@ConditionalOnClass({ BindableService.class, GrpcServerFactory.class })
@ConditionalOnBooleanProperty(name = "spring.grpc.server.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GrpcClientAddressProperties.class)
public final class GrpcErrorMappingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClientAddressResolver grpcClientAddressResolver(GrpcClientAddressProperties properties) {
		return new ClientAddressResolver(properties.getTrustedProxies());
	}

	@Bean
	@ConditionalOnMissingBean
	DefaultGrpcExceptionHandler defaultGrpcExceptionHandler() {
		return new DefaultGrpcExceptionHandler();
	}

	@Bean
	@GlobalServerInterceptor
	@Order(PipelineOrder.REQUEST_ID)
	@ConditionalOnMissingBean
	RequestIdInterceptor grpcRequestIdInterceptor() {
		return new RequestIdInterceptor();
	}

	@Bean
	@ConditionalOnMissingBean
	UnimplementedMethodRegistry grpcUnimplementedMethodRegistry() {
		return new UnimplementedMethodRegistry();
	}

	// First, so that an application's own customizer can still set another fallback registry.
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	<T extends ServerBuilder<T>> ServerBuilderCustomizer<T> grpcUnimplementedMethodRegistration(
			UnimplementedMethodRegistry registry) {
		return (builder) -> builder.fallbackHandlerRegistry(registry);
	}

}
