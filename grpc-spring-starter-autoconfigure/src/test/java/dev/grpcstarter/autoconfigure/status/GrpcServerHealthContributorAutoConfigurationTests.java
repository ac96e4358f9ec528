package dev.grpcstarter.autoconfigure.status;

import dev.grpcstarter.core.status.InstanceIdentity;
import dev.grpcstarter.it.app.EchoGrpcService;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerServicesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcServerHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, GrpcInstanceAutoConfiguration.class,
				GrpcServerServicesAutoConfiguration.class, GrpcServerAutoConfiguration.class,
				GrpcServerHealthContributorAutoConfiguration.class))
		.withBean(EchoGrpcService.class)
		.withPropertyValues("spring.grpc.server.port=0");

	@Test
	void whenServerRunsThenItsHealthIsUpWithPortAndInstanceId() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(GrpcServerHealthIndicator.class);
			Health health = context.getBean("grpcServerHealthIndicator", HealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("port", context.getBean(GrpcServerLifecycle.class).getPort())
				.containsEntry("instanceId", context.getBean(InstanceIdentity.class).instanceId());
		});
	}

	@Test
	void whenServerIsStoppedThenItsHealthIsDown() {
		this.contextRunner.run((context) -> {
			context.getBean(GrpcServerLifecycle.class).stop();
			assertThat(context.getBean(GrpcServerHealthIndicator.class).health(false).getStatus())
				.isEqualTo(Status.DOWN);
		});
	}

	@Test
	void whenStatusRecordingIsOffThenTheIndicatorStays() {
		this.contextRunner.withPropertyValues("grpc.server-status.enabled=false")
			.run((context) -> assertThat(context).hasBean("grpcServerHealthIndicator"));
	}

	@Test
	void whenIndicatorIsDisabledThenNoIndicator() {
		this.contextRunner.withPropertyValues("management.health.grpc-server.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcServerHealthIndicator.class));
	}

	@Test
	void whenThereIsNoServerThenNoIndicator() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GrpcInstanceAutoConfiguration.class,
					GrpcServerHealthContributorAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcServerHealthIndicator.class));
	}

	@Test
	void whenHealthSupportIsAbsentThenNothingIsConfigured() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ConditionalOnEnabledHealthIndicator.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(GrpcServerLifecycle.class);
				assertThat(context).doesNotHaveBean(GrpcServerHealthContributorAutoConfiguration.class);
			});
	}

	@Test
	void whenSpringGrpcIsAbsentThenNothingIsConfigured() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GrpcServerHealthContributorAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(GrpcServerLifecycle.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcServerHealthContributorAutoConfiguration.class));
	}

	@Test
	void whenUserDefinesIndicatorThenOursBacksOff() {
		this.contextRunner.withUserConfiguration(UserIndicator.class).run((context) -> {
			assertThat(context).hasSingleBean(GrpcServerHealthIndicator.class);
			assertThat(context).doesNotHaveBean("grpcServerHealthIndicator");
		});
	}

	@Test
	void whenUserDefinesIndicatorOfTheSameNameThenOursBacksOff() {
		HealthIndicator own = () -> Health.up().build();
		this.contextRunner.withBean("grpcServerHealthIndicator", HealthIndicator.class, () -> own).run((context) -> {
			assertThat(context).doesNotHaveBean(GrpcServerHealthIndicator.class);
			assertThat(context.getBean("grpcServerHealthIndicator")).isSameAs(own);
		});
	}

	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	static class UserIndicator {

		@org.springframework.context.annotation.Bean
		GrpcServerHealthIndicator userServerHealth(GrpcServerLifecycle server, InstanceIdentity identity) {
			return new GrpcServerHealthIndicator(server, identity);
		}

	}

}
