package dev.grpcstarter.autoconfigure.server;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Sets the starter's default gRPC port, {@value #DEFAULT_PORT}, at the lowest precedence:
 * any {@code spring.grpc.server.port} the application sets, wherever it comes from
 * (application.yml, environment, command line, default properties), wins.
 */
public final class GrpcServerDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** The starter's default gRPC port, the conventional gRPC port. */
	public static final int DEFAULT_PORT = 50051;

	static final String PORT_PROPERTY = "spring.grpc.server.port";

	static final String PROPERTY_SOURCE_NAME = "grpcStarterDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		// addLast alone would also beat SpringApplication#setDefaultProperties, so check first.
		if (!environment.containsProperty(PORT_PROPERTY)) {
			environment.getPropertySources()
				.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(PORT_PROPERTY, DEFAULT_PORT)));
		}
	}

	/**
	 * After the application's config data has been loaded.
	 * @return {@link Ordered#LOWEST_PRECEDENCE}
	 */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
