package dev.grpcstarter.autoconfigure.server;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcServerDefaultsEnvironmentPostProcessorTests {

	private final GrpcServerDefaultsEnvironmentPostProcessor postProcessor = new GrpcServerDefaultsEnvironmentPostProcessor();

	@Test
	void whenPortIsNotSetThenDefaultIs50051() {
		MockEnvironment environment = new MockEnvironment();
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.grpc.server.port", Integer.class)).isEqualTo(50051);
	}

	@Test
	void whenApplicationSetsPortThenApplicationWins() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.grpc.server.port", "6565");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.grpc.server.port", Integer.class)).isEqualTo(6565);
	}

	@Test
	void whenDefaultPropertiesSetPortThenTheyWin() {
		MockEnvironment environment = new MockEnvironment();
		environment.getPropertySources()
			.addLast(new MapPropertySource("defaultProperties", Map.of("spring.grpc.server.port", 7000)));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.grpc.server.port", Integer.class)).isEqualTo(7000);
	}

	@Test
	void whenDefaultIsAddedThenItHasTheLowestPrecedence() {
		MockEnvironment environment = new MockEnvironment();
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		environment.getPropertySources()
			.addFirst(new MapPropertySource("later", Map.of("spring.grpc.server.port", 9000)));
		assertThat(environment.getProperty("spring.grpc.server.port", Integer.class)).isEqualTo(9000);
		assertThat(environment.getPropertySources().stream().reduce((a, b) -> b).orElseThrow().getName())
			.isEqualTo("grpcStarterDefaults");
	}

}
