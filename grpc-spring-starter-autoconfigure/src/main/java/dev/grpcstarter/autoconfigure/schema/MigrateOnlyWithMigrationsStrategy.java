package dev.grpcstarter.autoconfigure.schema;

import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Stream;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Runs the application's own Flyway migration only when there is something to migrate.
 * The starter brings Flyway for its own tables, so every application gets Spring Boot's
 * Flyway too, and one without migrations of its own would be told at each start "No
 * migrations found. Are your locations set up correctly?" and get an empty
 * {@code flyway_schema_history} table.
 *
 * <p>The migration is skipped only when Flyway's locations (and callback locations) are
 * classpath or filesystem folders without any file, nothing else can supply migrations or
 * work (no Java migrations or callbacks configured, no custom resource or class provider, no
 * wildcard location, no baseline on migrate, no schemas for Flyway to create, missing
 * locations not configured to fail), and the database has no migration applied by this
 * Flyway (whose absence from the locations Flyway's validation must report). In every other
 * case Flyway migrates as usual, and warns as usual if it then finds nothing.
 */
final class MigrateOnlyWithMigrationsStrategy implements FlywayMigrationStrategy {

	private static final Logger logger = LoggerFactory.getLogger(MigrateOnlyWithMigrationsStrategy.class);

	private final ResourcePatternResolver resources;

	MigrateOnlyWithMigrationsStrategy(ClassLoader classLoader) {
		this.resources = new PathMatchingResourcePatternResolver(classLoader);
	}

	@Override
	public void migrate(Flyway flyway) {
		Configuration configuration = flyway.getConfiguration();
		if (hasNothingToMigrate(configuration) && flyway.info().applied().length == 0) {
			logger.debug("Not running the application's Flyway migration: no migrations in {}",
					Arrays.toString(configuration.getLocations()));
			return;
		}
		flyway.migrate();
	}

	boolean hasNothingToMigrate(Configuration configuration) {
		if (configuration.getJavaMigrations().length > 0 || configuration.getCallbacks().length > 0
				|| configuration.getResourceProvider() != null || configuration.getJavaMigrationClassProvider() != null
				|| configuration.isBaselineOnMigrate() || configuration.getSchemas().length > 0
				|| configuration.isFailOnMissingLocations()) {
			return false;
		}
		return Stream.concat(Arrays.stream(configuration.getLocations()),
				Arrays.stream(configuration.getCallbackLocations()))
			.allMatch(this::isEmptyFolder);
	}

	private boolean isEmptyFolder(Location location) {
		if (location.getPathRegex() != null || !(location.isClassPath() || location.isFileSystem())) {
			return false;
		}
		String root = location.getRootPath();
		if (root.isEmpty()) {
			// The whole class path or file system: not worth scanning to save one warning.
			return false;
		}
		String pattern = (location.isClassPath() ? "classpath*:" : "file:") + root + "/**";
		try {
			for (Resource resource : this.resources.getResources(pattern)) {
				if (resource.isReadable() && resource.getFilename() != null && !resource.getFilename().isEmpty()) {
					return false;
				}
			}
			return true;
		}
		catch (IOException ex) {
			// Cannot tell: let Flyway look.
			return false;
		}
	}

}
