package dev.grpcstarter.autoconfigure.auth;

import java.time.Clock;

import javax.sql.DataSource;

import dev.grpcstarter.autoconfigure.requestlog.GrpcRequestLogProperties;
import dev.grpcstarter.autoconfigure.schema.GrpcStarterSchemaAutoConfiguration;
import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.ApiKeyUsageRecorder;
import dev.grpcstarter.core.audit.AdminAuditLog;
import dev.grpcstarter.core.background.BackgroundScheduler;
import dev.grpcstarter.core.call.ExcludedMethods;
import dev.grpcstarter.core.schema.GrpcStarterSchemaMigration;
import jakarta.persistence.EntityManagerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * API keys in the application's database (the {@code grpc_api_key} table of
 * {@link GrpcStarterSchemaAutoConfiguration}): the key service, the usage recorder, the
 * key's JPA entity and the command-line key creation.
 */
@AutoConfiguration(after = { GrpcStarterSchemaAutoConfiguration.class, HibernateJpaAutoConfiguration.class })
@ConditionalOnClass({ EntityManagerFactory.class, JdbcTemplate.class })
@ConditionalOnBean({ DataSource.class, GrpcStarterSchemaMigration.class })
// The request log's excluded methods are not counted as usage either, whether or not the
// request log is on: a key's count agrees with the calls listed for it.
@EnableConfigurationProperties({ GrpcAuthProperties.class, GrpcRequestLogProperties.class })
@Import(GrpcStarterEntityPackageRegistrar.class)
public final class GrpcApiKeyAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(EntityManagerFactory.class)
	ApiKeyService apiKeyService(EntityManagerFactory entityManagerFactory,
			PlatformTransactionManager transactionManager) {
		return new ApiKeyService(entityManagerFactory, transactionManager, Clock.systemUTC());
	}

	@Bean
	@ConditionalOnProperty(name = "grpc.auth.create-key.name")
	@ConditionalOnMissingBean
	ApiKeyCreationRunner grpcApiKeyCreationRunner(ApiKeyService keys, GrpcAuthProperties properties,
			ConfigurableApplicationContext context, DataSource dataSource) {
		return new ApiKeyCreationRunner(keys, properties.getCreateKey(), context, System.out,
				new AdminAuditLog(new JdbcTemplate(dataSource), Clock.systemUTC()));
	}

	@Bean
	@ConditionalOnMissingBean
	ApiKeyUsageRecorder apiKeyUsageRecorder(DataSource dataSource, GrpcAuthProperties properties,
			GrpcRequestLogProperties requestLog, BackgroundScheduler scheduler) {
		return new ApiKeyUsageRecorder(new JdbcTemplate(dataSource), scheduler, properties.getUsageFlushInterval(),
				new ExcludedMethods(requestLog.getExcludedMethods()));
	}

}
