package dev.grpcstarter.it;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.UUID;

import dev.grpcstarter.it.app.TestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What a user sees when the application cannot start: Spring Boot's "APPLICATION FAILED TO
 * START" report with a description and an action, written by the starter's failure
 * analyzers, instead of a stack trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportIntegrationTests {

	@Test
	void whenTheGrpcPortIsTakenThenTheReportNamesThePortAndTheProperty(CapturedOutput output) throws Exception {
		try (ServerSocket taken = new ServerSocket(0)) {
			int port = taken.getLocalPort();
			assertThat(catchThrowable(() -> start("spring.grpc.server.port=" + port))).isNotNull();
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("The gRPC server could not start: port " + port)
				.contains("is already in use")
				.contains("set spring.grpc.server.port")
				.doesNotContain("Application run failed");
		}
	}

	@Test
	void whenTheMasterKeyIsShortThenTheReportSaysHowToMakeOneWithoutShowingIt(CapturedOutput output) {
		assertThat(catchThrowable(() -> start("grpc.auth.master-key=short-secret-xyz"))).isNotNull();
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The gRPC master key is refused: grpc.auth.master-key must be at least 32 characters long")
			.contains("openssl rand -base64 33")
			.doesNotContain("short-secret-xyz");
	}

	@Test
	void whenTheMasterKeyIsSetUnderProdThenTheReportSaysWhatToRemove(CapturedOutput output) {
		assertThat(catchThrowable(() -> start("grpc.auth.master-key=" + "m".repeat(40),
				"spring.profiles.active=prod"))).isNotNull();
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("grpc.auth.master-key is set while the 'prod' profile is active")
			.contains("grpc.auth.master-key-allowed-in-prod=true")
			.doesNotContain("m".repeat(40));
	}

	@Test
	void whenNoDatabaseIsConfiguredThenTheReportSaysWhatTheStarterKeepsThereAndHowToAddOne(
			CapturedOutput output) {
		assertThat(catchThrowable(() -> start("spring.datasource.embedded-database-connection=none"))).isNotNull();
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The gRPC starter keeps API keys, the request log and the server status")
			.contains("spring.datasource.url=jdbc:h2:file:./data/app;AUTO_SERVER=TRUE");
	}

	@Test
	void whenAKeyIsRequestedWithoutADataSourceThenTheRunFailsSayingSo(CapturedOutput output) {
		// An argument: application.properties' exclusions beat a default property.
		assertThat(catchThrowable(() -> new SpringApplicationBuilder(TestApplication.class)
			.run("--grpc.auth.create-key.name=first",
					"--spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
							+ "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
			.close())).isNotNull();
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("grpc.auth.create-key.name is set, but API keys are not available: the application has no"
					+ " DataSource")
			.contains("com.h2database:h2");
	}

	@Test
	void whenTheApplicationAddsFlywayAfterTheStarterMadeItsTablesThenTheReportSaysHowToBaseline(
			CapturedOutput output) throws Exception {
		String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
			start("spring.datasource.url=" + url, "spring.flyway.enabled=false");
			// Without migrations of its own the application's Flyway has nothing to do and starts.
			start("spring.datasource.url=" + url);
			assertThat(output).doesNotContain("APPLICATION FAILED TO START");
			// Its first migration: Flyway finds the starter's tables and no history of its own.
			String migrations = "spring.flyway.locations=classpath:entityscan/db";
			assertThat(catchThrowable(() -> start("spring.datasource.url=" + url, migrations))).isNotNull();
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("The application's Flyway found tables but no history of its own")
				.contains("spring.flyway.baseline-on-migrate=true");
			start("spring.datasource.url=" + url, migrations, "spring.flyway.baseline-on-migrate=true",
					"spring.flyway.baseline-version=0");
		}
	}

	@Test
	void whenAStarterTableExistsOutsideItsHistoryThenTheReportExplainsTheClash(CapturedOutput output)
			throws Exception {
		String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
			connection.createStatement().execute("create table grpc_api_key (id bigint primary key)");
			assertThat(catchThrowable(() -> start("spring.datasource.url=" + url, "spring.flyway.enabled=false")))
				.isNotNull();
		}
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The gRPC starter could not install or upgrade its tables")
			.contains("grpc_starter_schema_history")
			.contains("spring.jpa.hibernate.ddl-auto");
	}

	private static void start(String... properties) {
		new SpringApplicationBuilder(TestApplication.class)
			.properties("spring.grpc.server.port=0", "spring.grpc.server.shutdown.grace-period=0s")
			.properties(properties)
			.run()
			.close();
	}

}
