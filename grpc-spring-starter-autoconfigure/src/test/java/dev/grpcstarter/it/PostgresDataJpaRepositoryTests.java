package dev.grpcstarter.it;

import dev.grpcstarter.it.app.TestApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The read-only repositories in a real PostgreSQL.
 */
@SpringBootTest(classes = TestApplication.class)
class PostgresDataJpaRepositoryTests extends AbstractDataJpaRepositoryTests {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		EmbeddedPostgres.register(registry);
		TestProperties.register(registry, PROPERTIES);
	}

}
