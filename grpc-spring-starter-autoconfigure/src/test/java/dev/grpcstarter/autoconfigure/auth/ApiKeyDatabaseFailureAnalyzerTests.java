package dev.grpcstarter.autoconfigure.auth;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyDatabaseFailureAnalyzerTests {

	private final ApiKeyDatabaseFailureAnalyzer analyzer = new ApiKeyDatabaseFailureAnalyzer();

	@Test
	void whenAnotherProcessHoldsTheH2FileThenTheActionIsAutoServer() {
		// H2's message when a second process opens a file database without AUTO_SERVER.
		SQLException locked = new SQLException(
				"Database may be already in use: \"/app/data/app.mv.db\". Possible solutions: close all other"
						+ " connection(s); use the server mode [90020-240]");
		FailureAnalysis analysis = this.analyzer
			.analyze(new IllegalStateException("Failed to initialize pool", new RuntimeException(locked)));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("held by another process");
		assertThat(analysis.getAction()).contains(";AUTO_SERVER=TRUE");
	}

	@Test
	void whenKeysAreRequestedWithADataSourceButNoJpaThenTheActionNamesTheStarters() {
		FailureAnalysis analysis = this.analyzer.analyze(new ApiKeyStoreMissingException(true));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getAction()).contains("spring-boot-starter-data-jpa", "spring-boot-starter-flyway");
	}

	@Test
	void whenTheFailureIsUnrelatedThenItIsNotAnalyzed() {
		assertThat(this.analyzer.analyze(new IllegalStateException("boom"))).isNull();
	}

}
