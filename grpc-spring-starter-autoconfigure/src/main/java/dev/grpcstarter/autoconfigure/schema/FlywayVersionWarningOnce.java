package dev.grpcstarter.autoconfigure.schema;

import dev.grpcstarter.core.schema.GrpcStarterSchemaMigration;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;

/**
 * Flyway warns at each migration of a database it has not been verified with ("Using H2
 * 2.4.240 which is newer than the version Flyway has been verified with"). When the
 * application's own Flyway has already said so, the starter's migration of the same
 * database runs with that logger at ERROR, so the warning is printed once, not twice.
 */
final class FlywayVersionWarningOnce implements BeanPostProcessor {

	/** Flyway's logger of database version warnings. */
	static final String LOGGER = "org.flywaydb.core.internal.database.base.Database";

	private final ConfigurableListableBeanFactory beanFactory;

	private @Nullable LoggingSystem loggingSystem;

	private @Nullable LogLevel restore;

	private boolean quieted;

	FlywayVersionWarningOnce(ConfigurableListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof GrpcStarterSchemaMigration && applicationHasFlyway()) {
			LoggingSystem system = LoggingSystem.get(getClass().getClassLoader());
			LoggerConfiguration configuration = system.getLoggerConfiguration(LOGGER);
			this.restore = (configuration != null) ? configuration.getConfiguredLevel() : null;
			this.loggingSystem = system;
			this.quieted = true;
			system.setLogLevel(LOGGER, LogLevel.ERROR);
		}
		return bean;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof GrpcStarterSchemaMigration && this.quieted && this.loggingSystem != null) {
			this.loggingSystem.setLogLevel(LOGGER, this.restore);
			this.quieted = false;
		}
		return bean;
	}

	private boolean applicationHasFlyway() {
		return this.beanFactory.getBeanNamesForType(Flyway.class, false, false).length > 0;
	}

}
