package dev.grpcstarter.it;

import dev.grpcstarter.it.app.TestApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The read-only repositories in H2.
 */
@SpringBootTest(classes = TestApplication.class)
class H2DataJpaRepositoryTests extends AbstractDataJpaRepositoryTests {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:data-jpa;DB_CLOSE_DELAY=-1");
		TestProperties.register(registry, PROPERTIES);
	}

}
