package dev.grpcstarter.autoconfigure.schema;

import java.util.UUID;

import javax.sql.DataSource;

import dev.grpcstarter.core.schema.GrpcStarterSchemaMigration;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jpa.autoconfigure.EntityManagerFactoryDependsOnPostProcessor;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcStarterSchemaAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
				GrpcStarterSchemaAutoConfiguration.class))
		.withInitializer((context) -> TestPropertyValues.of("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID())
			.applyTo(context));

	@Test
	void whenDataSourceExistsThenTheStarterTablesAreCreated() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(GrpcStarterSchemaMigration.class);
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			assertThat(jdbc.queryForObject("select count(*) from grpc_api_key", Integer.class)).isZero();
			assertThat(jdbc.queryForObject("select count(*) from grpc_request_log", Integer.class)).isZero();
			assertThat(jdbc.queryForObject("select count(*) from grpc_server_instance", Integer.class)).isZero();
		});
	}

	@Test
	void whenJpaIsPresentThenTheEntityManagerFactoryWaitsForTheTables() {
		this.contextRunner.run((context) -> assertThat(
				context.getBeanFactory().getBeanDefinition("entityManagerFactory").getDependsOn())
			.contains("grpcStarterSchemaMigration"));
	}

	@Test
	void whenJpaIsAbsentThenTheTablesAreStillCreated() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DataSourceAutoConfiguration.class, GrpcStarterSchemaAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(EntityManagerFactoryDependsOnPostProcessor.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID())
			.run((context) -> {
				assertThat(context).hasSingleBean(GrpcStarterSchemaMigration.class);
				assertThat(context).doesNotHaveBean("grpcStarterSchemaBeforeJpa");
			});
	}

	@Test
	void whenNoDataSourceThenNoMigration() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GrpcStarterSchemaAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcStarterSchemaMigration.class));
	}

	@Test
	void whenFlywayIsAbsentThenNothingIsConfigured() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Flyway.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcStarterSchemaAutoConfiguration.class));
	}

	@Test
	void whenSpringJdbcIsAbsentThenNothingIsConfigured() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GrpcStarterSchemaAutoConfiguration.class))
			.withBean(DataSource.class, () -> new org.h2.jdbcx.JdbcDataSource())
			.withClassLoader(new FilteredClassLoader(JdbcTemplate.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcStarterSchemaAutoConfiguration.class));
	}

	@Test
	void whenUserDefinesTheMigrationThenOursBacksOff() {
		this.contextRunner.withUserConfiguration(UserMigration.class).run((context) -> {
			assertThat(context).hasSingleBean(GrpcStarterSchemaMigration.class);
			assertThat(context).hasBean("userMigration").doesNotHaveBean("grpcStarterSchemaMigration");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserMigration {

		@Bean
		GrpcStarterSchemaMigration userMigration(DataSource dataSource) {
			return new GrpcStarterSchemaMigration(dataSource);
		}

	}

}
