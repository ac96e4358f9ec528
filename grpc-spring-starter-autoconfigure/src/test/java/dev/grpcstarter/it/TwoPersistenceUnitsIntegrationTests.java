package dev.grpcstarter.it;

import java.time.Duration;

import javax.sql.DataSource;

import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.CreatedApiKey;
import dev.grpcstarter.core.apikey.NewApiKey;
import dev.grpcstarter.core.requestlog.RequestLogRepository;
import dev.grpcstarter.core.requestlog.RequestLogRow;
import dev.grpcstarter.core.requestlog.RequestLogSpecifications;
import dev.grpcstarter.it.units.TwoPersistenceUnitsApplication;
import dev.grpcstarter.it.entityscan.Note;
import dev.grpcstarter.it.entityscan.NoteRepository;
import dev.grpcstarter.it.units.reports.Report;
import dev.grpcstarter.it.units.reports.ReportRepository;
import dev.grpcstarter.test.v1.EchoServiceGrpc;
import dev.grpcstarter.test.v1.PingRequest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.grpcstarter.it.ApiKeyCalls.withKey;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with two databases and a persistence unit on each, configured as
 * {@code docs/data-access.md} describes: keys, authenticated calls, the request log and
 * the starter's repositories work on the unit holding the starter's tables, and the
 * application's other unit keeps only its own entity on its own database.
 */
@SpringBootTest(classes = TwoPersistenceUnitsApplication.class,
		properties = { "spring.grpc.server.port=0", "grpc.auth.require-auth=true",
				"grpc.services.packages=dev.grpcstarter.it.app", "spring.flyway.locations=classpath:entityscan/db" })
class TwoPersistenceUnitsIntegrationTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	ApiKeyService keys;

	@Autowired
	RequestLogRepository requestLog;

	@Autowired
	NoteRepository notes;

	@Autowired
	ReportRepository reports;

	@Autowired
	DataSource dataSource;

	@Autowired
	@Qualifier("reportsDataSource")
	DataSource reportsDataSource;

	@Test
	void whenTheStarterEntitiesAreInThePrimaryUnitThenKeyedCallsAreLoggedAndReadable() throws Exception {
		CreatedApiKey created = this.keys.create(NewApiKey.of("units", "uma"));
		try (LocalGrpcChannel channel = LocalGrpcChannel.to(this.context)) {
			assertThat(withKey(EchoServiceGrpc.newBlockingStub(channel.channel()), created.rawKey())
				.echo(PingRequest.newBuilder().setText("two units").build())
				.getText()).isEqualTo("two units");
		}
		RequestLogRow row = Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.requestLog.findAll(RequestLogSpecifications.ofApiKey(created.key().id())),
					(rows) -> rows.size() == 1)
			.get(0);
		assertThat(row.getMethod()).isEqualTo("Echo");
		assertThat(new JdbcTemplate(this.dataSource).queryForObject(
				"select count(*) from grpc_request_log where api_key_id = ?", Long.class, created.key().id()))
			.isEqualTo(1L);
	}

	@Test
	void whenTheApplicationHasASecondUnitThenItsEntitiesStayOnItsOwnDatabase() {
		this.notes.save(new Note("main"));
		this.reports.save(new Report("elsewhere"));
		assertThat(this.notes.findAll()).extracting(Note::getText).contains("main");
		assertThat(this.reports.findAll()).extracting(Report::getTitle).containsExactly("elsewhere");
		assertThat(new JdbcTemplate(this.reportsDataSource)
			.queryForObject("select count(*) from information_schema.tables where lower(table_name) like 'grpc_%'", Long.class))
			.isZero();
		assertThat(new JdbcTemplate(this.dataSource)
			.queryForObject("select count(*) from information_schema.tables where lower(table_name) = 'report'", Long.class))
			.isZero();
	}

}
