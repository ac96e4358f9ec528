package dev.grpcstarter.autoconfigure.schema;

import javax.sql.DataSource;

import dev.grpcstarter.core.schema.GrpcStarterSchemaMigration;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jpa.autoconfigure.EntityManagerFactoryDependsOnPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * The starter's tables in the application's database, with their own Flyway history, after
 * the application's own migrations (see {@link GrpcStarterSchemaInitializerDetector}) and
 * before JPA. API keys, the request log, the server status and the admin UI order after
 * this auto-configuration and need its {@link GrpcStarterSchemaMigration} bean; excluding
 * one of them leaves the others in place.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class,
		afterName = "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration")
@ConditionalOnClass({ Flyway.class, JdbcTemplate.class })
@ConditionalOnBean(DataSource.class)
public final class GrpcStarterSchemaAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	static GrpcStarterSchemaMigration grpcStarterSchemaMigration(DataSource dataSource) {
		return new GrpcStarterSchemaMigration(dataSource);
	}

	@Bean
	static FlywayVersionWarningOnce grpcStarterFlywayVersionWarningOnce(ConfigurableListableBeanFactory beanFactory) {
		return new FlywayVersionWarningOnce(beanFactory);
	}

	/**
	 * The application's own Flyway, which comes with the starter, migrates only when the
	 * application has migrations.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy")
	static class ApplicationFlywayConfiguration {

		@Bean
		@ConditionalOnMissingBean(FlywayMigrationStrategy.class)
		FlywayMigrationStrategy grpcStarterMigrateOnlyWithMigrations(ResourceLoader resourceLoader) {
			ClassLoader classLoader = resourceLoader.getClassLoader();
			return new MigrateOnlyWithMigrationsStrategy(
					(classLoader != null) ? classLoader : MigrateOnlyWithMigrationsStrategy.class.getClassLoader());
		}

	}

	/**
	 * Hibernate's schema validation must see the starter's tables, also where Spring
	 * Boot's database-initializer detection is not active.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ LocalContainerEntityManagerFactoryBean.class,
			EntityManagerFactoryDependsOnPostProcessor.class })
	static class JpaOrderConfiguration {

		@Bean
		static EntityManagerFactoryDependsOnPostProcessor grpcStarterSchemaBeforeJpa() {
			return new EntityManagerFactoryDependsOnPostProcessor(GrpcStarterSchemaMigration.class);
		}

	}

}
