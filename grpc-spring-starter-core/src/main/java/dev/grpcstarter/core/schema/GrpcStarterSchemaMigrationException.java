package dev.grpcstarter.core.schema;

/**
 * The starter's tables could not be installed or upgraded: Flyway refused the migration of
 * {@value GrpcStarterSchemaMigration#HISTORY_TABLE} (a history written by another build of
 * the starter, a starter table created outside Flyway, ...). The cause is Flyway's
 * exception.
 */
public final class GrpcStarterSchemaMigrationException extends IllegalStateException {

	/**
	 * A migration failure.
	 * @param cause Flyway's exception
	 */
	public GrpcStarterSchemaMigrationException(RuntimeException cause) {
		super("gRPC starter: Flyway could not migrate the starter's tables (history table "
				+ GrpcStarterSchemaMigration.HISTORY_TABLE + "): " + cause.getMessage(), cause);
	}

}
