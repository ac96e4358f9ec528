package dev.grpcstarter.autoconfigure.schema;

import java.util.Set;

import dev.grpcstarter.core.schema.GrpcStarterSchemaMigration;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

/**
 * Tells Spring Boot that {@link GrpcStarterSchemaMigration} initializes the database, so
 * JPA and JDBC beans wait for the starter's tables (and Hibernate's schema validation sees
 * them).
 *
 * <p>Ordered after Spring Boot's Flyway detectors: initializers found by a later detector
 * wait for those of earlier ones, and the application's Flyway refuses a non-empty schema
 * without its own history, so its migrations must run before the starter's tables appear.
 */
public final class GrpcStarterSchemaInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

	@Override
	protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
		return Set.of(GrpcStarterSchemaMigration.class);
	}

	@Override
	public int getOrder() {
		return 100;
	}

}
