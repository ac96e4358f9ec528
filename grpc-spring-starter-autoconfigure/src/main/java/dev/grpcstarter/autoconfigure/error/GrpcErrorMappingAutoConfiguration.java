package dev.grpcstarter.autoconfigure.error;

import dev.grpcstarter.autoconfigure.condition.ConditionalOnGrpcServerEnabled;
import dev.grpcstarter.core.call.PipelineOrder;
import dev.grpcstarter.core.error.DefaultGrpcExceptionHandler;
import dev.grpcstarter.core.pipeline.RequestIdInterceptor;
import io.grpc.BindableService;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.GrpcServerFactory;

/**
 * The outer pipeline: the default exception-to-status mapping, plugged into Spring gRPC's
 * exception-handler chain after the application's own handlers, and the request id on every
 * failed call.
 *
 * <p>Runs after Spring Boot's gRPC server auto-configuration so that the default handler is
 * registered after every other {@code GrpcExceptionHandler} (the {@code @GrpcAdvice}
 * adapter included): handlers of equal order keep their registration order.
 */
@AutoConfiguration(after = GrpcServerAutoConfiguration.class)
@ConditionalOnClass({ BindableService.class, GrpcServerFactory.class })
@ConditionalOnGrpcServerEnabled
public final class GrpcErrorMappingAutoConfiguration {

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

}
