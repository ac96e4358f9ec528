package dev.grpcstarter.autoconfigure.auth;

import java.time.Clock;

import javax.sql.DataSource;

import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.ApiKeyUsageRecorder;
import dev.grpcstarter.core.background.BackgroundScheduler;
import dev.grpcstarter.core.schema.GrpcStarterSchemaMigration;
import jakarta.persistence.EntityManagerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jpa.autoconfigure.EntityManagerFactoryDependsOnPostProcessor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * API keys in the application's database: the starter's tables (its own Flyway history,
 * after the application's own migrations, see {@link GrpcStarterSchemaInitializerDetector}),
 * the key service and the usage recorder.
 */
@AutoConfiguration(after = { DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class },
		afterName = "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration")
@ConditionalOnClass({ EntityManagerFactory.class, JdbcTemplate.class })
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(GrpcAuthProperties.class)
@Import(GrpcStarterEntityPackageRegistrar.class)
public final class GrpcApiKeyAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	static GrpcStarterSchemaMigration grpcStarterSchemaMigration(DataSource dataSource) {
		return new GrpcStarterSchemaMigration(dataSource);
	}

	/**
	 * Hibernate's schema validation must see the starter's tables, also where Spring
	 * Boot's database-initializer detection is not active.
	 */
	@Bean
	static EntityManagerFactoryDependsOnPostProcessor grpcStarterSchemaBeforeJpa() {
		return new EntityManagerFactoryDependsOnPostProcessor(GrpcStarterSchemaMigration.class);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(EntityManagerFactory.class)
	ApiKeyService apiKeyService(EntityManagerFactory entityManagerFactory,
			PlatformTransactionManager transactionManager) {
		return new ApiKeyService(entityManagerFactory, transactionManager, Clock.systemUTC());
	}

	@Bean
	@ConditionalOnProperty(name = "grpc.auth.create-key.name")
	ApiKeyCreationRunner grpcApiKeyCreationRunner(ApiKeyService keys, GrpcAuthProperties properties,
			ConfigurableApplicationContext context) {
		return new ApiKeyCreationRunner(keys, properties.getCreateKey(), context, System.out);
	}

	@Bean
	@ConditionalOnMissingBean
	ApiKeyUsageRecorder apiKeyUsageRecorder(DataSource dataSource, GrpcAuthProperties properties,
			BackgroundScheduler scheduler) {
		return new ApiKeyUsageRecorder(new JdbcTemplate(dataSource), scheduler, properties.getUsageFlushInterval());
	}

}
