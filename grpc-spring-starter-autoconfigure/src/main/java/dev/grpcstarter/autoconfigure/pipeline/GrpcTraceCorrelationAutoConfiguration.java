package dev.grpcstarter.autoconfigure.pipeline;

import dev.grpcstarter.autoconfigure.condition.ConditionalOnGrpcServerEnabled;
import dev.grpcstarter.core.call.PipelineOrder;
import dev.grpcstarter.core.pipeline.TraceCorrelationInterceptor;
import io.grpc.BindableService;
import io.micrometer.tracing.Tracer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * Trace ids in the request log: when Micrometer Tracing is on the class path and the
 * application has a {@link Tracer} (Spring Boot's Brave or OpenTelemetry bridge), an
 * interceptor inside Spring Boot's observation interceptor records each call's trace and
 * span id. Without a tracer, or with the no-op tracer Spring Boot registers when no bridge
 * is there, nothing is registered and calls pay nothing.
 */
@AutoConfiguration(before = GrpcServerAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration" })
@ConditionalOnClass({ BindableService.class, Tracer.class })
@ConditionalOnGrpcServerEnabled
public final class GrpcTraceCorrelationAutoConfiguration {

	/** The bean name of Spring Boot's no-op tracer (Micrometer Tracing without a bridge). */
	static final String NOOP_TRACER = "noopTracer";

	@Bean
	@GlobalServerInterceptor
	@Order(PipelineOrder.TRACE_CORRELATION)
	// Neither an interceptor of the application's own nor Spring Boot's no-op tracer.
	@ConditionalOnMissingBean(value = TraceCorrelationInterceptor.class, name = NOOP_TRACER)
	@ConditionalOnBean(Tracer.class)
	TraceCorrelationInterceptor grpcTraceCorrelationInterceptor(Tracer tracer) {
		return new TraceCorrelationInterceptor(tracer);
	}

}
