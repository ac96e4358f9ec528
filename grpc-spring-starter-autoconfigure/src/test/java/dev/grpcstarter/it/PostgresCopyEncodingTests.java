package dev.grpcstarter.it;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.grpcstarter.core.requestlog.RequestLogEntry;
import dev.grpcstarter.core.requestlog.RequestLogSearch;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import dev.grpcstarter.core.requestlog.RequestStatus;
import dev.grpcstarter.core.schema.GrpcStarterSchemaMigration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request log's COPY into PostgreSQL databases of other encodings than UTF-8: text
 * arrives as it was sent.
 */
class PostgresCopyEncodingTests {

	@ParameterizedTest
	@ValueSource(strings = { "LATIN1", "SQL_ASCII", "UTF8" })
	void whenTheDatabaseHasAnEncodingThenTextReadsBackUnchanged(String encoding) {
		String url = EmbeddedPostgres
			.newDatabase("encoding '" + encoding + "' lc_collate 'C' lc_ctype 'C' template template0");
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(url, "postgres", "", true);
		try {
			new GrpcStarterSchemaMigration(dataSource).migrate();
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			RequestLogWriter writer = new RequestLogWriter(jdbc, 100, 10, Duration.ofMillis(20), Duration.ofSeconds(5));
			writer.start();
			RequestLogEntry entry = new RequestLogEntry(null, "req-1", "instance", "encoding.v1.Encoding", "Grüße",
					"unary", RequestStatus.ERROR, "INTERNAL", "Fehler: Größe \"ä\", ß", 42, 7L, "jürgen", true,
					"127.0.0.1", "agent é", 1, 1, 10, 10, Instant.parse("2001-02-03T04:05:06.789012Z"));
			writer.accept(entry);
			assertThat(writer.awaitIdle(Duration.ofSeconds(10))).isTrue();
			writer.close();
			assertThat(writer.counts().written()).isEqualTo(1);
			List<Long> ids = jdbc.queryForList("select id from grpc_request_log", Long.class);
			assertThat(ids).hasSize(1);
			assertThat(new RequestLogSearch(jdbc).findById(ids.get(0))).hasValueSatisfying((row) -> assertThat(row)
				.usingRecursiveComparison()
				.ignoringFields("id")
				.isEqualTo(entry));
		}
		finally {
			dataSource.destroy();
		}
	}

}
