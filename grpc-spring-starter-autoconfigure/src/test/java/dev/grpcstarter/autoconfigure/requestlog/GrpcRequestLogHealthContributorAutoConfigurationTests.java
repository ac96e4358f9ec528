package dev.grpcstarter.autoconfigure.requestlog;

import java.util.UUID;

import dev.grpcstarter.autoconfigure.background.GrpcBackgroundAutoConfiguration;
import dev.grpcstarter.autoconfigure.call.GrpcClientAddressAutoConfiguration;
import dev.grpcstarter.autoconfigure.schema.GrpcStarterSchemaAutoConfiguration;
import dev.grpcstarter.autoconfigure.status.GrpcInstanceAutoConfiguration;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcRequestLogHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcBackgroundAutoConfiguration.class, DataSourceAutoConfiguration.class,
				GrpcStarterSchemaAutoConfiguration.class, GrpcInstanceAutoConfiguration.class,
				GrpcClientAddressAutoConfiguration.class, GrpcRequestLogAutoConfiguration.class,
				GrpcRequestLogHealthContributorAutoConfiguration.class))
		.withInitializer((context) -> TestPropertyValues.of("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID())
			.applyTo(context));

	@Test
	void whenRequestLogRunsThenItsHealthIsUpWithTheWriterCounts() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RequestLogHealthIndicator.class);
			Health health = context.getBean("grpcRequestLogHealthIndicator", HealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsKeys("accepted", "written", "dropped", "pending");
		});
	}

	@Test
	void whenIndicatorIsDisabledThenNoIndicator() {
		this.contextRunner.withPropertyValues("management.health.grpc-request-log.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RequestLogHealthIndicator.class));
	}

	@Test
	void whenHealthIndicatorsAreDisabledByDefaultThenNoIndicator() {
		this.contextRunner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RequestLogHealthIndicator.class));
	}

	@Test
	void whenRequestLogIsDisabledThenNoIndicator() {
		this.contextRunner.withPropertyValues("grpc.request-log.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RequestLogHealthIndicator.class));
	}

	@Test
	void whenHealthSupportIsAbsentThenNothingIsConfigured() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ConditionalOnEnabledHealthIndicator.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(RequestLogWriter.class);
				assertThat(context).doesNotHaveBean(GrpcRequestLogHealthContributorAutoConfiguration.class);
			});
	}

	@Test
	void whenUserDefinesIndicatorThenOursBacksOff() {
		this.contextRunner.withUserConfiguration(UserIndicator.class).run((context) -> {
			assertThat(context).hasSingleBean(RequestLogHealthIndicator.class);
			assertThat(context).doesNotHaveBean("grpcRequestLogHealthIndicator");
		});
	}

	@Test
	void whenUserDefinesIndicatorOfTheSameNameThenOursBacksOff() {
		HealthIndicator own = () -> Health.up().build();
		this.contextRunner.withBean("grpcRequestLogHealthIndicator", HealthIndicator.class, () -> own)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(RequestLogHealthIndicator.class);
				assertThat(context.getBean("grpcRequestLogHealthIndicator")).isSameAs(own);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserIndicator {

		@Bean
		RequestLogHealthIndicator userRequestLogHealth(RequestLogWriter writer) {
			return new RequestLogHealthIndicator(writer);
		}

	}

}
