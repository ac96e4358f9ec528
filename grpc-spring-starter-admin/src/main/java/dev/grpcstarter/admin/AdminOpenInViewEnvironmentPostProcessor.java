package dev.grpcstarter.admin;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The admin UI makes an application with JPA a web application, and Spring Boot then
 * warns that {@code spring.jpa.open-in-view} is enabled by default. The admin does not need
 * it; to keep the application's behaviour, Boot's default ({@code true}) is set explicitly,
 * at the lowest precedence, which silences the warning. Any value the application sets wins.
 */
public final class AdminOpenInViewEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String OPEN_IN_VIEW = "spring.jpa.open-in-view";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		// addLast alone would also beat SpringApplication#setDefaultProperties, so check first.
		if (!environment.containsProperty(OPEN_IN_VIEW)) {
			environment.getPropertySources()
				.addLast(new MapPropertySource("grpcAdminDefaults", Map.of(OPEN_IN_VIEW, "true")));
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
