package dev.grpcstarter.autoconfigure.condition;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class ConditionalOnGrpcServerEnabledTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(ServerOnlyConfiguration.class);

	@Test
	void whenPropertyIsMissingThenItMatches() {
		this.contextRunner.run((context) -> assertThat(context).hasBean("serverOnly"));
	}

	@Test
	void whenServerIsEnabledThenItMatches() {
		this.contextRunner.withPropertyValues("spring.grpc.server.enabled=true")
			.run((context) -> assertThat(context).hasBean("serverOnly"));
	}

	@Test
	void whenServerIsDisabledThenItDoesNotMatch() {
		this.contextRunner.withPropertyValues("spring.grpc.server.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("serverOnly"));
	}

	@Configuration(proxyBeanMethods = false)
	static class ServerOnlyConfiguration {

		@Bean
		@ConditionalOnGrpcServerEnabled
		String serverOnly() {
			return "server only";
		}

	}

}
