package dev.grpcstarter.core.schema;

import java.sql.DatabaseMetaData;
import java.util.Locale;
import java.util.Set;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * Installs and upgrades the starter's tables with Flyway, in the application's database
 * and schema but with its own history table, {@value #HISTORY_TABLE}. It therefore never
 * clashes with the application's own Flyway versions, and works whether or not the
 * application uses Flyway itself.
 */
public final class GrpcStarterSchemaMigration implements InitializingBean {

	/** The starter's Flyway history table. */
	public static final String HISTORY_TABLE = "grpc_starter_schema_history";

	/**
	 * Where the starter's migrations live: outside {@code db/migration}, which the
	 * application's own Flyway scans recursively.
	 */
	static final String LOCATION = "classpath:dev/grpcstarter/db/migration";

	private static final Logger logger = LoggerFactory.getLogger(GrpcStarterSchemaMigration.class);

	private static final Set<String> SUPPORTED = Set.of("h2", "postgresql");

	private final DataSource dataSource;

	/**
	 * A migration of the given database.
	 * @param dataSource the application's database
	 */
	public GrpcStarterSchemaMigration(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public void afterPropertiesSet() {
		migrate();
	}

	/**
	 * Applies pending migrations.
	 * @return the number of migrations applied
	 * @throws GrpcStarterSchemaMigrationException when Flyway refuses the migration
	 */
	public int migrate() {
		String vendor = vendor();
		MigrateResult result;
		try {
			result = Flyway.configure(GrpcStarterSchemaMigration.class.getClassLoader())
				.dataSource(this.dataSource)
				.table(HISTORY_TABLE)
				.locations(LOCATION + "/common", LOCATION + "/" + vendor)
				// The application's tables may already be there: start our history at version 0.
				.baselineOnMigrate(true)
				.baselineVersion("0")
				.load()
				.migrate();
		}
		catch (FlywayException ex) {
			throw new GrpcStarterSchemaMigrationException(ex);
		}
		if (result.migrationsExecuted > 0) {
			logger.info("gRPC starter schema: applied {} migration(s), now at version {}", result.migrationsExecuted,
					result.targetSchemaVersion);
		}
		return result.migrationsExecuted;
	}

	private String vendor() {
		String product;
		try {
			product = JdbcUtils.extractDatabaseMetaData(this.dataSource, DatabaseMetaData::getDatabaseProductName);
		}
		catch (MetaDataAccessException ex) {
			throw new IllegalStateException("gRPC starter: cannot reach the database to install its tables", ex);
		}
		String vendor = product.toLowerCase(Locale.ROOT).replace(" ", "");
		if (!SUPPORTED.contains(vendor)) {
			throw new IllegalStateException("gRPC starter: database '" + product
					+ "' is not supported for the starter's tables; supported are H2 and PostgreSQL");
		}
		return vendor;
	}

}
