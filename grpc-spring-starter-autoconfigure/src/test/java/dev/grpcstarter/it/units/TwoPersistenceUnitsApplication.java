package dev.grpcstarter.it.units;

import java.util.Map;

import javax.sql.DataSource;

import jakarta.persistence.EntityManagerFactory;

import dev.grpcstarter.core.apikey.ApiKey;
import dev.grpcstarter.core.audit.AdminAuditRecord;
import dev.grpcstarter.core.requestlog.RequestLogRow;
import dev.grpcstarter.core.status.ServerInstanceRow;
import dev.grpcstarter.it.app.EchoGrpcService;
import dev.grpcstarter.it.entityscan.Note;
import dev.grpcstarter.it.units.reports.Report;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jpa.EntityManagerFactoryBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * An application with two databases and a persistence unit on each, set up as
 * {@code docs/data-access.md} tells: the unit on the database holding the starter's tables
 * lists the starter's entities and is the primary {@code entityManagerFactory} with the
 * primary {@code transactionManager}; the other unit holds only the application's entity.
 */
@SpringBootApplication
@Import(EchoGrpcService.class)
public class TwoPersistenceUnitsApplication {

	@Configuration(proxyBeanMethods = false)
	@EnableJpaRepositories(basePackageClasses = Note.class)
	static class MainUnit {

		@Bean
		@Primary
		DataSource dataSource() {
			return DataSourceBuilder.create().url("jdbc:h2:mem:units-main;DB_CLOSE_DELAY=-1").build();
		}

		@Bean
		@Primary
		LocalContainerEntityManagerFactoryBean entityManagerFactory(EntityManagerFactoryBuilder builder,
				DataSource dataSource) {
			return builder.dataSource(dataSource)
				.packages(Note.class, ApiKey.class, RequestLogRow.class, ServerInstanceRow.class,
						AdminAuditRecord.class)
				.persistenceUnit("main")
				.build();
		}

		@Bean
		@Primary
		JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
			return new JpaTransactionManager(entityManagerFactory);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableJpaRepositories(basePackageClasses = Report.class, entityManagerFactoryRef = "reportsEntityManagerFactory",
			transactionManagerRef = "reportsTransactionManager")
	static class ReportsUnit {

		@Bean(defaultCandidate = false)
		DataSource reportsDataSource() {
			return DataSourceBuilder.create().url("jdbc:h2:mem:units-reports;DB_CLOSE_DELAY=-1").build();
		}

		@Bean
		LocalContainerEntityManagerFactoryBean reportsEntityManagerFactory(EntityManagerFactoryBuilder builder,
				@Qualifier("reportsDataSource") DataSource reportsDataSource) {
			return builder.dataSource(reportsDataSource)
				.packages(Report.class)
				.properties(Map.of("hibernate.hbm2ddl.auto", "create"))
				.persistenceUnit("reports")
				.build();
		}

		@Bean
		JpaTransactionManager reportsTransactionManager(
				@Qualifier("reportsEntityManagerFactory") EntityManagerFactory reportsEntityManagerFactory) {
			return new JpaTransactionManager(reportsEntityManagerFactory);
		}

	}

}
