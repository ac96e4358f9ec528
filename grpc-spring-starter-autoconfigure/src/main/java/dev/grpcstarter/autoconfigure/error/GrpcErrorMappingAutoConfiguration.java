package dev.grpcstarter.autoconfigure.error;

import dev.grpcstarter.autoconfigure.condition.ConditionalOnGrpcServerEnabled;
import dev.grpcstarter.core.call.PipelineOrder;
import dev.grpcstarter.core.call.RequestContextTracerFactory;
import dev.grpcstarter.core.error.DefaultGrpcExceptionHandler;
import dev.grpcstarter.core.pipeline.RequestIdInterceptor;
import dev.grpcstarter.core.pipeline.UnimplementedMethodRegistry;
import dev.grpcstarter.core.requestlog.RequestLogTracerFactory;
import io.grpc.BindableService;
import io.grpc.ServerBuilder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
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
 * each call's request context opened as its stream arrives (by the request log's stream
 * tracer, or else by one of its own), request messages that cannot be parsed ending the
 * call for the service too.
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

	@Bean
	static MalformedRequestGuardPostProcessor grpcMalformedRequestGuardPostProcessor() {
		return new MalformedRequestGuardPostProcessor();
	}

	@Bean
	@ConditionalOnMissingBean
	UnimplementedMethodRegistry grpcUnimplementedMethodRegistry() {
		return new UnimplementedMethodRegistry();
	}

	// The request log's stream tracer opens each call's request context; without it, this one does.
	@Bean
	@ConditionalOnMissingBean(RequestLogTracerFactory.class)
	<T extends ServerBuilder<T>> ServerBuilderCustomizer<T> grpcRequestContextTracerRegistration() {
		RequestContextTracerFactory tracers = new RequestContextTracerFactory();
		return (builder) -> builder.addStreamTracerFactory(tracers);
	}

	// First, so that an application's own customizer can still set another fallback registry.
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	<T extends ServerBuilder<T>> ServerBuilderCustomizer<T> grpcUnimplementedMethodRegistration(
			UnimplementedMethodRegistry registry) {
		return (builder) -> builder.fallbackHandlerRegistry(registry);
	}

}
