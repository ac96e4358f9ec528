package dev.grpcstarter.it;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Registers {@code name=value} pairs as test properties, above application.properties.
 */
final class TestProperties {

	private TestProperties() {
	}

	static void register(DynamicPropertyRegistry registry, String... properties) {
		for (String property : properties) {
			String[] pair = property.split("=", 2);
			registry.add(pair[0], () -> pair[1]);
		}
	}

}
