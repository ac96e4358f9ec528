package dev.grpcstarter.autoconfigure.web;

import dev.grpcstarter.core.web.WebBridge;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the web clients' auto-configuration backs off. What it does when on is shown by the
 * example's integration tests, over a real servlet server and gRPC server.
 */
class GrpcWebClientsAutoConfigurationTests {

	private final WebApplicationContextRunner web = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcWebClientsAutoConfiguration.class));

	@Test
	void whenNoTransportIsEnabledThenNothingIsConfigured() {
		this.web.run((context) -> {
			assertThat(context).doesNotHaveBean(WebBridge.class);
			assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
			assertThat(context).doesNotHaveBean(GrpcWebClientsProperties.class);
		});
	}

	@Test
	void whenEnabledButNotAServletApplicationThenNothingIsConfigured() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GrpcWebClientsAutoConfiguration.class))
			.withPropertyValues("grpc.web.grpc-web.enabled=true", "grpc.web.http-json.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(WebBridge.class));
	}

	@Test
	void whenEnabledWithoutAGrpcServerThenNothingIsConfigured() {
		this.web.withPropertyValues("grpc.web.grpc-web.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(WebBridge.class));
	}

	@Test
	void whenTheInProcessTransportIsMissingThenNothingIsConfigured() {
		this.web.withPropertyValues("grpc.web.grpc-web.enabled=true")
			.withClassLoader(new FilteredClassLoader("io.grpc.inprocess"))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcWebClientsProperties.class));
	}

	@Test
	void whenTheGrpcServerIsDisabledThenNothingIsConfigured() {
		this.web.withPropertyValues("grpc.web.grpc-web.enabled=true", "spring.grpc.server.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcWebClientsProperties.class));
	}

}
