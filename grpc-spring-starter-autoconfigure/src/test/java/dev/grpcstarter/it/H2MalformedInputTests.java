package dev.grpcstarter.it;

import dev.grpcstarter.it.app.TestApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Malformed input in H2.
 */
@SpringBootTest(classes = TestApplication.class)
class H2MalformedInputTests extends AbstractMalformedInputTests {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:malformed-input;DB_CLOSE_DELAY=-1");
		TestProperties.register(registry, PROPERTIES);
	}

}
