package dev.grpcstarter.autoconfigure.requestlog;

import dev.grpcstarter.autoconfigure.error.GrpcErrorMappingAutoConfiguration;
import dev.grpcstarter.autoconfigure.auth.GrpcApiKeyAutoConfiguration;
import dev.grpcstarter.autoconfigure.status.GrpcInstanceAutoConfiguration;
import dev.grpcstarter.core.requestlog.RequestLogSearch;
import dev.grpcstarter.core.requestlog.RequestLogStatistics;
import dev.grpcstarter.core.requestlog.RequestLogTracerFactory;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import dev.grpcstarter.core.requestlog.RequestLogWriterMetrics;
import io.grpc.ServerBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.grpc.server.ServerBuilderCustomizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

class GrpcRequestLogAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
				GrpcApiKeyAutoConfiguration.class, GrpcInstanceAutoConfiguration.class,
				GrpcErrorMappingAutoConfiguration.class, GrpcRequestLogAutoConfiguration.class))
		.withPropertyValues("spring.jpa.hibernate.ddl-auto=validate")
		.withInitializer((context) -> TestPropertyValues
			.of("spring.datasource.url=jdbc:h2:mem:" + java.util.UUID.randomUUID())
			.applyTo(context));

	@Test
	void whenDataSourceExistsThenTheRequestLogIsConfigured() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RequestLogWriter.class);
			assertThat(context).hasSingleBean(RequestLogTracerFactory.class);
			assertThat(context).hasBean("grpcRequestLogTracerRegistration");
			// The request log's tracer opens each call's request context: the pipeline's own stays out.
			assertThat(context).doesNotHaveBean("grpcRequestContextTracerRegistration");
			assertThat(context).hasSingleBean(RequestLogStatistics.class);
			assertThat(context).hasSingleBean(RequestLogSearch.class);
			assertThat(context).hasSingleBean(RequestLogWriterMetrics.class);
			assertThat(context).hasBean("grpcRequestLogHealthIndicator");
			assertThat(context.getBean("grpcRequestLogHealthIndicator", HealthIndicator.class).health(false).getStatus()
				.getCode()).isEqualTo("UP");
		});
	}

	@Test
	void whenDisabledThenNothingIsConfigured() {
		this.contextRunner.withPropertyValues("grpc.request-log.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(RequestLogWriter.class);
			assertThat(context).doesNotHaveBean(RequestLogTracerFactory.class);
			assertThat(context).doesNotHaveBean("grpcRequestLogTracerRegistration");
			assertThat(context).hasBean("grpcRequestContextTracerRegistration");
		});
	}

	@Test
	void whenPropertiesAreSetThenTheyAreBound() {
		this.contextRunner
			.withPropertyValues("grpc.request-log.errors-only=true", "grpc.request-log.sample-rate=0.25",
					"grpc.request-log.retention=7d", "grpc.request-log.queue-capacity=123",
					"grpc.request-log.timeout-tolerance=250ms")
			.run((context) -> {
				GrpcRequestLogProperties properties = context.getBean(GrpcRequestLogProperties.class);
				assertThat(properties.isErrorsOnly()).isTrue();
				assertThat(properties.getSampleRate()).isEqualTo(0.25);
				assertThat(properties.getRetention()).hasDays(7);
				assertThat(properties.getQueueCapacity()).isEqualTo(123);
				assertThat(properties.getTimeoutTolerance()).hasMillis(250);
				assertThat(properties.getExcludedMethods()).contains("grpc.health.v1.Health/*");
			});
	}

	@Test
	void whenSampleRateIsOutOfRangeThenStartupFailsNamingIt() {
		this.contextRunner.withPropertyValues("grpc.request-log.sample-rate=1.5")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("grpc.request-log.sample-rate must be between 0 and 1"));
	}

	@Test
	void whenTimeoutToleranceIsNegativeThenStartupFailsNamingIt() {
		this.contextRunner.withPropertyValues("grpc.request-log.timeout-tolerance=-1ms")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("grpc.request-log.timeout-tolerance must not be negative"));
	}

	@Test
	@SuppressWarnings({ "unchecked", "rawtypes" })
	void whenUserDefinesTheTracerFactoryThenOursBacksOffAndTheirsIsRegistered() {
		RequestLogTracerFactory own = new RequestLogTracerFactory((entry) -> {
		}, new dev.grpcstarter.core.requestlog.RequestLogPolicy(false, 1.0, java.util.List.of()),
				new dev.grpcstarter.core.call.ClientAddressResolver(java.util.List.of()), () -> "own",
				java.time.Duration.ZERO);
		this.contextRunner.withBean(RequestLogTracerFactory.class, () -> own).run((context) -> {
			assertThat(context.getBean(RequestLogTracerFactory.class)).isSameAs(own);
			ServerBuilder builder = mock(ServerBuilder.class);
			context.getBean("grpcRequestLogTracerRegistration", ServerBuilderCustomizer.class).customize(builder);
			verify(builder).addStreamTracerFactory(own);
		});
	}

	@Test
	void whenNoDataSourceThenNoRequestLog() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GrpcApiKeyAutoConfiguration.class,
					GrpcRequestLogAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RequestLogWriter.class));
	}

}
