package dev.grpcstarter.autoconfigure.auth;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;

/**
 * Explains a missing database in terms of what the starter keeps in it (API keys, the
 * request log, server status): Spring Boot's own report of an unconfigured
 * {@code DataSource} names JDBC, not the gRPC starter, and a key-creation run without one
 * would otherwise exit silently. Also a key-creation run on an H2 file the running
 * application holds.
 */
final class ApiKeyDatabaseFailureAnalyzer implements FailureAnalyzer, Ordered {

	/** Package-private in Spring Boot: recognised by name. */
	private static final String DATA_SOURCE_NOT_CONFIGURED = "org.springframework.boot.jdbc.autoconfigure.DataSourceProperties$DataSourceBeanCreationException";

	private static final String SETUP = "Add a database for them: for a start, the H2 driver (com.h2database:h2,"
			+ " runtime scope) and spring.datasource.url=jdbc:h2:file:./data/app;AUTO_SERVER=TRUE (a file that a"
			+ " key-creation run can open while the application runs); in production, the PostgreSQL driver"
			+ " (org.postgresql:postgresql) and spring.datasource.url/username/password. See docs/getting-started.md.";

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof ApiKeyStoreMissingException missing) {
				return missing.isDataSourcePresent() ? new FailureAnalysis(missing.getMessage() + ".",
						"Add spring-boot-starter-data-jpa and spring-boot-starter-flyway (the starter's tables are"
								+ " installed with Flyway and read with JPA), then run the key creation again.",
						missing)
						: new FailureAnalysis(missing.getMessage() + ": API keys live in the application's database.",
								SETUP, missing);
			}
			if (cause.getMessage() != null && cause.getMessage().contains("Database may be already in use")) {
				return new FailureAnalysis("The H2 database file is held by another process, probably the running"
						+ " application: an H2 file opens in one process at a time.",
						"Add ;AUTO_SERVER=TRUE to spring.datasource.url (for example"
								+ " jdbc:h2:file:./data/app;AUTO_SERVER=TRUE), restart the application, and run this"
								+ " again: the second process then connects through the first. Or create the key in"
								+ " the admin UI.",
						cause);
			}
			if (DATA_SOURCE_NOT_CONFIGURED.equals(cause.getClass().getName())) {
				return new FailureAnalysis("No database is configured (" + cause.getMessage() + ")."
						+ " The gRPC starter keeps API keys, the request log and the server status in the"
						+ " application's database.", SETUP, cause);
			}
		}
		return null;
	}

	/** Before Spring Boot's analyzer of an unconfigured DataSource. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

}
