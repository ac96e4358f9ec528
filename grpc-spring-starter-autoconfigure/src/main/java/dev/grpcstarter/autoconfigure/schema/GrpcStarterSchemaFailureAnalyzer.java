package dev.grpcstarter.autoconfigure.schema;

import java.util.Locale;

import dev.grpcstarter.core.schema.GrpcStarterSchemaMigration;
import dev.grpcstarter.core.schema.GrpcStarterSchemaMigrationException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;

/**
 * Reports, in Spring Boot's "APPLICATION FAILED TO START" form, a clash between Flyway and
 * the starter's tables: the starter's own migration refused (history of another starter
 * build, a starter table created outside Flyway), or the application's Flyway refusing a
 * schema that holds only the starter's tables, created before the application used Flyway.
 */
final class GrpcStarterSchemaFailureAnalyzer implements FailureAnalyzer, Ordered {

	private static final String TABLE = GrpcStarterSchemaMigration.HISTORY_TABLE;

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof GrpcStarterSchemaMigrationException migration) {
				return analyzeStarterMigration(migration);
			}
			// By name: Flyway is optional.
			if (cause.getClass().getName().startsWith("org.flywaydb.") && cause.getMessage() != null
					&& cause.getMessage().contains("non-empty schema")) {
				return new FailureAnalysis("The application's Flyway found tables but no history of its own: "
						+ cause.getMessage() + "\n\nWhen the application used no Flyway of its own before, those"
						+ " tables are the gRPC starter's (grpc_*, with their own history " + TABLE + ").",
						"If the schema holds only the starter's tables, let the application's Flyway start its"
								+ " history below your first migration: set spring.flyway.baseline-on-migrate=true"
								+ " and spring.flyway.baseline-version=0. Otherwise baseline the schema at the"
								+ " version its existing tables correspond to.",
						cause);
			}
		}
		return null;
	}

	private static FailureAnalysis analyzeStarterMigration(GrpcStarterSchemaMigrationException cause) {
		String flyway = (cause.getCause() != null) ? String.valueOf(cause.getCause().getMessage()) : "";
		String lower = flyway.toLowerCase(Locale.ROOT);
		String description = "The gRPC starter could not install or upgrade its tables: Flyway refused the migration"
				+ " recorded in " + TABLE + ".\n\n" + flyway.strip();
		if (lower.contains("checksum mismatch") || lower.contains("not resolved locally")
				|| lower.contains("resolved locally but not applied")) {
			return new FailureAnalysis(description,
					"The database was migrated by another build of the starter (its " + TABLE + " records migrations"
							+ " this build does not have, or has with other contents). Use the starter version that"
							+ " migrated it; for a development database you may also delete it (an H2 file under"
							+ " ./data) or the starter's tables and " + TABLE + ", and start again.",
					cause);
		}
		if (lower.contains("already exists")) {
			return new FailureAnalysis(description,
					"A table of the starter exists outside its Flyway history, created by hand or by Hibernate"
							+ " (spring.jpa.hibernate.ddl-auto=create or update). Set ddl-auto to validate or none and"
							+ " drop the grpc_* tables the starter did not create, or give the application its own schema.",
					cause);
		}
		return new FailureAnalysis(description, "Fix what Flyway reports above in the database the application"
				+ " uses; the starter's migrations and their history (" + TABLE + ") are separate from the"
				+ " application's own Flyway history.", cause);
	}

	/** Before Spring Boot's generic report of a bean creation failure. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

}
