package dev.grpcstarter.autoconfigure.schema;

import java.util.UUID;

import javax.sql.DataSource;

import dev.grpcstarter.core.schema.GrpcStarterSchemaMigration;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jpa.autoconfigure.EntityManagerFactoryDependsOnPostProcessor;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class GrpcStarterSchemaAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
				GrpcStarterSchemaAutoConfiguration.class))
		.withInitializer((context) -> TestPropertyValues.of("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID())
			.applyTo(context));

	/** With Spring Boot's own Flyway, as every application with the starter has it. */
	private final ApplicationContextRunner flywayRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
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

	@Test
	void whenTheApplicationHasNoMigrationsThenItsFlywayDoesNotRunNorWarn(CapturedOutput output) {
		this.flywayRunner.run((context) -> {
			assertThat(context).hasSingleBean(MigrateOnlyWithMigrationsStrategy.class);
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			assertThat(tableExists(jdbc, "flyway_schema_history")).isFalse();
			assertThat(tableExists(jdbc, "grpc_api_key")).as("the starter's own tables").isTrue();
		});
		assertThat(output).doesNotContain("No migrations found");
	}

	@Test
	void whenTheApplicationHasMigrationsThenItsFlywayRunsThem() {
		this.flywayRunner.withPropertyValues("spring.flyway.locations=classpath:entityscan/db").run((context) -> {
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			assertThat(tableExists(jdbc, "flyway_schema_history")).isTrue();
			assertThat(tableExists(jdbc, "note")).isTrue();
		});
	}

	@Test
	void whenTheApplicationFlywayBaselinesOnMigrateThenItRunsWithoutMigrations() {
		this.flywayRunner.withPropertyValues("spring.flyway.baseline-on-migrate=true")
			.run((context) -> assertThat(tableExists(new JdbcTemplate(context.getBean(DataSource.class)),
					"flyway_schema_history"))
				.isTrue());
	}

	@Test
	void whenMissingLocationsMustFailThenTheApplicationsFlywayRunsAndFails() {
		this.flywayRunner.withPropertyValues("spring.flyway.fail-on-missing-locations=true")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void whenFlywayIsToCreateSchemasThenItRunsWithoutMigrations() {
		this.flywayRunner.withPropertyValues("spring.flyway.schemas=app_schema").run((context) -> {
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			assertThat(jdbc.queryForObject(
					"select count(*) from information_schema.schemata where lower(schema_name) = 'app_schema'",
					Integer.class))
				.isEqualTo(1);
		});
	}

	@Test
	void whenMigrationsWereAppliedAndAreGoneThenTheApplicationsFlywayStillRunsAndSaysSo(CapturedOutput output) {
		String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
					GrpcStarterSchemaAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + url);
		runner.withPropertyValues("spring.flyway.locations=classpath:entityscan/db")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("no migration could be resolved");
		// Not skipped: the history says migrations were applied, so Flyway looks, and reports it.
		runner.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("has version 1, but no migration could be resolved in the configured locations");
	}

	@Test
	void whenUserDefinesAMigrationStrategyThenOursBacksOff() {
		this.flywayRunner.withBean("userStrategy", FlywayMigrationStrategy.class, () -> Flyway::migrate)
			.run((context) -> {
				assertThat(context).hasSingleBean(FlywayMigrationStrategy.class).hasBean("userStrategy");
				assertThat(tableExists(new JdbcTemplate(context.getBean(DataSource.class)), "flyway_schema_history"))
					.isTrue();
			});
	}

	@Test
	void whenBootsFlywayModuleIsAbsentThenNoMigrationStrategy() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(FlywayMigrationStrategy.class))
			.run((context) -> assertThat(context).doesNotHaveBean(MigrateOnlyWithMigrationsStrategy.class)
				.hasSingleBean(GrpcStarterSchemaMigration.class));
	}

	private static boolean tableExists(JdbcTemplate jdbc, String table) {
		Integer count = jdbc.queryForObject(
				"select count(*) from information_schema.tables where lower(table_name) = ?", Integer.class,
				table.toLowerCase(java.util.Locale.ROOT));
		return count != null && count > 0;
	}

	@Configuration(proxyBeanMethods = false)
	static class UserMigration {

		@Bean
		GrpcStarterSchemaMigration userMigration(DataSource dataSource) {
			return new GrpcStarterSchemaMigration(dataSource);
		}

	}

}
