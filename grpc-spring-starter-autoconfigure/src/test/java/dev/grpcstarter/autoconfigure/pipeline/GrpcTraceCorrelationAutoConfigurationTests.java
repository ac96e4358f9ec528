package dev.grpcstarter.autoconfigure.pipeline;

import dev.grpcstarter.core.pipeline.TraceCorrelationInterceptor;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcTraceCorrelationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcTraceCorrelationAutoConfiguration.class));

	@Test
	void whenTracerExistsThenInterceptorIsRegistered() {
		this.contextRunner.withBean(Tracer.class, () -> Tracer.NOOP)
			.run((context) -> assertThat(context).hasSingleBean(TraceCorrelationInterceptor.class));
	}

	@Test
	void whenNoTracerThenNoInterceptor() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(GrpcTraceCorrelationAutoConfiguration.class);
			assertThat(context).doesNotHaveBean(TraceCorrelationInterceptor.class);
		});
	}

	@Test
	void whenTheTracerIsSpringBootsNoopTracerThenNoInterceptor() {
		this.contextRunner.withBean("noopTracer", Tracer.class, () -> Tracer.NOOP)
			.run((context) -> assertThat(context).doesNotHaveBean(TraceCorrelationInterceptor.class));
	}

	@Test
	void whenMicrometerTracingIsAbsentThenNothingIsConfigured() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Tracer.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcTraceCorrelationAutoConfiguration.class));
	}

	@Test
	void whenGrpcServerIsDisabledThenNoInterceptor() {
		this.contextRunner.withBean(Tracer.class, () -> Tracer.NOOP)
			.withPropertyValues("spring.grpc.server.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TraceCorrelationInterceptor.class));
	}

}
