package dev.grpcstarter.autoconfigure.status;

import java.util.List;
import java.util.Map;

import dev.grpcstarter.core.status.InstanceIdentity;
import dev.grpcstarter.it.app.EchoGrpcService;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerServicesAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcServicesEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, GrpcInstanceAutoConfiguration.class,
				GrpcServerServicesAutoConfiguration.class, GrpcServerAutoConfiguration.class,
				GrpcServicesEndpointAutoConfiguration.class))
		.withBean(EchoGrpcService.class)
		.withPropertyValues("spring.grpc.server.port=0");

	@Test
	void whenEndpointIsExposedThenItListsTheServedServices() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=grpc").run((context) -> {
			assertThat(context).hasSingleBean(GrpcServicesEndpoint.class);
			Map<String, Object> services = context.getBean(GrpcServicesEndpoint.class).services();
			assertThat(services).containsEntry("instanceId", context.getBean(InstanceIdentity.class).instanceId())
				.containsEntry("port", context.getBean(GrpcServerLifecycle.class).getPort());
			assertThat((List<?>) services.get("services")).isNotEmpty();
			assertThat(services.get("services").toString()).contains("test.v1.EchoService");
		});
	}

	@Test
	void whenEndpointIsNotExposedThenNoEndpoint() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(GrpcServicesEndpoint.class));
	}

	@Test
	void whenEndpointAccessIsNoneThenNoEndpoint() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=grpc", "management.endpoint.grpc.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcServicesEndpoint.class));
	}

	@Test
	void whenThereIsNoServerThenNoEndpoint() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GrpcInstanceAutoConfiguration.class,
					GrpcServicesEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=grpc")
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcServicesEndpoint.class));
	}

	@Test
	void whenActuatorIsAbsentThenNothingIsConfigured() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=grpc")
			.withClassLoader(new FilteredClassLoader(ConditionalOnAvailableEndpoint.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcServicesEndpointAutoConfiguration.class));
	}

	@Test
	void whenSpringGrpcIsAbsentThenNothingIsConfigured() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GrpcServicesEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=grpc")
			.withClassLoader(new FilteredClassLoader(GrpcServerLifecycle.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcServicesEndpointAutoConfiguration.class));
	}

	@Test
	void whenUserDefinesEndpointThenOursBacksOff() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=grpc")
			.withUserConfiguration(UserEndpoint.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(GrpcServicesEndpoint.class);
				assertThat(context).hasBean("userEndpoint");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserEndpoint {

		@Bean
		GrpcServicesEndpoint userEndpoint(GrpcServerLifecycle server, InstanceIdentity identity) {
			return new GrpcServicesEndpoint(server, identity);
		}

	}

}
