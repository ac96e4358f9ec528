package dev.grpcstarter.autoconfigure.schema;

import dev.grpcstarter.core.schema.GrpcStarterSchemaMigrationException;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcStarterSchemaFailureAnalyzerTests {

	private final GrpcStarterSchemaFailureAnalyzer analyzer = new GrpcStarterSchemaFailureAnalyzer();

	@Test
	void whenTheHistoryHasAnotherChecksumThenTheActionPointsAtAnotherStarterBuild() {
		FailureAnalysis analysis = analyze("Validate failed: Migrations have failed validation\n"
				+ "Migration checksum mismatch for migration version 3");
		assertThat(analysis.getDescription()).contains("grpc_starter_schema_history")
			.contains("Migration checksum mismatch for migration version 3");
		assertThat(analysis.getAction()).contains("another build of the starter");
	}

	@Test
	void whenAStarterTableAlreadyExistsThenTheActionPointsAtHibernateDdl() {
		FailureAnalysis analysis = analyze("Migration V1__api_keys.sql failed: Table \"GRPC_API_KEY\" already exists");
		assertThat(analysis.getAction()).contains("spring.jpa.hibernate.ddl-auto");
	}

	@Test
	void whenFlywayFailsOtherwiseThenItsMessageIsShown() {
		FailureAnalysis analysis = analyze("Unable to obtain connection");
		assertThat(analysis.getDescription()).endsWith("Unable to obtain connection");
		assertThat(analysis.getAction()).contains("Fix what Flyway reports");
	}

	private FailureAnalysis analyze(String flywayMessage) {
		FailureAnalysis analysis = this.analyzer.analyze(new IllegalStateException("bean creation",
				new GrpcStarterSchemaMigrationException(new FlywayException(flywayMessage))));
		assertThat(analysis).isNotNull();
		return analysis;
	}

}
