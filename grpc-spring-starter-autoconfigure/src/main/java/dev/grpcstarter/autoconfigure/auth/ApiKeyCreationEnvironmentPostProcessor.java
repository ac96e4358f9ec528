package dev.grpcstarter.autoconfigure.auth;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * When {@code grpc.auth.create-key.name} is set, the run only creates a key: the gRPC and
 * web servers stay off, so it works beside a running instance on the same ports.
 */
public final class ApiKeyCreationEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.containsProperty("grpc.auth.create-key.name")) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource("grpcStarterCreateKey",
						Map.of("spring.grpc.server.enabled", "false", "spring.main.web-application-type", "none")));
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
