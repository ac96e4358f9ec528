package dev.grpcstarter.autoconfigure.auth;

import java.io.PrintStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import dev.grpcstarter.autoconfigure.background.GrpcBackgroundAutoConfiguration;
import dev.grpcstarter.autoconfigure.schema.GrpcStarterSchemaAutoConfiguration;
import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.ApiKeyUsageRecorder;
import dev.grpcstarter.core.background.BackgroundScheduler;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScanPackages;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcApiKeyAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcBackgroundAutoConfiguration.class, DataSourceAutoConfiguration.class,
				HibernateJpaAutoConfiguration.class,
				GrpcStarterSchemaAutoConfiguration.class, GrpcApiKeyAutoConfiguration.class))
		.withPropertyValues("spring.jpa.hibernate.ddl-auto=validate")
		.withInitializer((context) -> TestPropertyValues.of("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID())
			.applyTo(context));

	@Test
	void whenStarterTablesExistThenKeysAreConfigured() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ApiKeyService.class);
			assertThat(context).hasSingleBean(ApiKeyUsageRecorder.class);
			assertThat(context).doesNotHaveBean(ApiKeyCreationRunner.class);
		});
	}

	@Test
	void whenTheApplicationHasAutoConfigurationPackagesThenEntitiesAreScannedThereAndInTheStarterButRepositoriesOnlyThere() {
		this.contextRunner.withUserConfiguration(ApplicationPackage.class).run((context) -> {
			assertThat(context).hasNotFailed();
			// Every Spring Data module (Redis too) scans these for repositories: the starter's stay out.
			assertThat(AutoConfigurationPackages.get(context)).containsExactly(getClass().getPackageName());
			assertThat(EntityScanPackages.get(context).getPackageNames()).contains(getClass().getPackageName())
				.containsAll(GrpcStarterEntityPackageRegistrar.PACKAGES);
		});
	}

	@Test
	void whenSchemaAutoConfigurationIsAbsentThenNoKeys() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					HibernateJpaAutoConfiguration.class, GrpcApiKeyAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID())
			.run((context) -> {
				assertThat(context).hasSingleBean(EntityManagerFactory.class);
				assertThat(context).doesNotHaveBean(GrpcApiKeyAutoConfiguration.class);
			});
	}

	@Test
	void whenKeyCreationIsAskedForThenTheRunnerIsRegistered() {
		this.contextRunner.withPropertyValues("grpc.auth.create-key.name=first")
			.run((context) -> assertThat(context).hasSingleBean(ApiKeyCreationRunner.class));
	}

	@Test
	void whenJpaIsAbsentThenNothingIsConfigured() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					GrpcStarterSchemaAutoConfiguration.class, GrpcApiKeyAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID())
			.withClassLoader(new FilteredClassLoader(EntityManagerFactory.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcApiKeyAutoConfiguration.class));
	}

	@Test
	void whenSpringJdbcIsAbsentThenNothingIsConfigured() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GrpcApiKeyAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(JdbcTemplate.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcApiKeyAutoConfiguration.class));
	}

	@Test
	void whenUserDefinesKeyServiceThenOursBacksOff() {
		this.contextRunner.withUserConfiguration(UserKeyService.class).run((context) -> {
			assertThat(context).hasSingleBean(ApiKeyService.class);
			assertThat(context).hasBean("userKeyService");
		});
	}

	@Test
	void whenUserDefinesUsageRecorderThenOursBacksOff() {
		this.contextRunner.withUserConfiguration(UserUsageRecorder.class).run((context) -> {
			assertThat(context).hasSingleBean(ApiKeyUsageRecorder.class);
			assertThat(context).hasBean("userUsageRecorder");
		});
	}

	@Test
	void whenUserDefinesKeyCreationRunnerThenOursBacksOff() {
		this.contextRunner.withPropertyValues("grpc.auth.create-key.name=first")
			.withUserConfiguration(UserKeyCreationRunner.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(ApiKeyCreationRunner.class);
				assertThat(context).hasBean("userKeyCreationRunner");
			});
	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage
	static class ApplicationPackage {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserKeyService {

		@Bean
		ApiKeyService userKeyService(EntityManagerFactory entityManagerFactory,
				PlatformTransactionManager transactionManager) {
			return new ApiKeyService(entityManagerFactory, transactionManager, Clock.systemUTC());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserUsageRecorder {

		@Bean
		ApiKeyUsageRecorder userUsageRecorder(DataSource dataSource, BackgroundScheduler scheduler) {
			return new ApiKeyUsageRecorder(new JdbcTemplate(dataSource), scheduler, Duration.ofMinutes(1));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserKeyCreationRunner {

		@Bean
		ApiKeyCreationRunner userKeyCreationRunner(ApiKeyService keys, ConfigurableApplicationContext context,
				DataSource dataSource) {
			return new ApiKeyCreationRunner(keys, new GrpcAuthProperties.CreateKey(), context,
					new PrintStream(OutputStream.nullOutputStream()),
					new dev.grpcstarter.core.audit.AdminAuditLog(new JdbcTemplate(dataSource), java.time.Clock.systemUTC()));
		}

	}

}
