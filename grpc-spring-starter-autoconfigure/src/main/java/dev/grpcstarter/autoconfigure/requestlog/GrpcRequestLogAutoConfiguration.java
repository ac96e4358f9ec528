package dev.grpcstarter.autoconfigure.requestlog;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import dev.grpcstarter.autoconfigure.call.GrpcClientAddressAutoConfiguration;
import dev.grpcstarter.autoconfigure.condition.ConditionalOnGrpcServerEnabled;
import dev.grpcstarter.autoconfigure.schema.GrpcStarterSchemaAutoConfiguration;
import dev.grpcstarter.autoconfigure.status.GrpcInstanceAutoConfiguration;
import dev.grpcstarter.core.call.ClientAddressResolver;
import dev.grpcstarter.core.requestlog.ExplorerCallTickets;
import dev.grpcstarter.core.requestlog.RequestLogPartitions;
import dev.grpcstarter.core.requestlog.RejectedCallRowBudget;
import dev.grpcstarter.core.requestlog.RejectedCallRowBudgetMetrics;
import dev.grpcstarter.core.requestlog.RequestLogPolicy;
import dev.grpcstarter.core.requestlog.RequestLogRetention;
import dev.grpcstarter.core.requestlog.RequestLogSearch;
import dev.grpcstarter.core.requestlog.RequestLogStatistics;
import dev.grpcstarter.core.requestlog.RequestLogTracerFactory;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import dev.grpcstarter.core.requestlog.RequestLogWriterMetrics;
import dev.grpcstarter.core.schema.GrpcStarterSchemaMigration;
import dev.grpcstarter.core.background.BackgroundScheduler;
import dev.grpcstarter.core.background.PeriodicTask;
import dev.grpcstarter.core.status.InstanceIdentity;
import io.grpc.BindableService;
import io.grpc.ServerBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.ServerBuilderCustomizer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The request log: a stream tracer on the server builder that hands one row per stream
 * (calls closed by the transport and calls to unknown methods included) to a batching
 * writer, plus retention, statistics, search and metrics. Its health indicator is
 * {@link GrpcRequestLogHealthContributorAutoConfiguration}'s.
 */
@AutoConfiguration(
		after = { GrpcStarterSchemaAutoConfiguration.class, GrpcInstanceAutoConfiguration.class,
				GrpcClientAddressAutoConfiguration.class },
		before = GrpcServerAutoConfiguration.class)
@ConditionalOnClass({ BindableService.class, JdbcTemplate.class })
@ConditionalOnBean({ DataSource.class, GrpcStarterSchemaMigration.class })
@ConditionalOnBooleanProperty(name = "grpc.request-log.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GrpcRequestLogProperties.class)
public final class GrpcRequestLogAutoConfiguration {

	// The schema parameter only orders creation: the writer's table must exist first.
	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	RequestLogWriter grpcRequestLogWriter(DataSource dataSource, GrpcRequestLogProperties properties,
			GrpcStarterSchemaMigration schema) {
		RequestLogWriter writer = new RequestLogWriter(new JdbcTemplate(dataSource), properties.getQueueCapacity(),
				properties.getBatchSize(), properties.getFlushInterval(), properties.getShutdownTimeout());
		writer.slowCallsWhenBehind(properties.isSlowCallsWhenBehind());
		return writer;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnGrpcServerEnabled
	ExplorerCallTickets grpcExplorerCallTickets() {
		return new ExplorerCallTickets();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnGrpcServerEnabled
	RequestLogTracerFactory grpcRequestLogTracerFactory(RequestLogWriter writer, GrpcRequestLogProperties properties,
			ClientAddressResolver addresses, InstanceIdentity identity,
			ObjectProvider<RejectedCallRowBudget> rejectedCalls, ObjectProvider<ExplorerCallTickets> explorerCalls) {
		return new RequestLogTracerFactory(writer, new RequestLogPolicy(properties.isErrorsOnly(),
				properties.getSampleRate(), properties.getExcludedMethods()), addresses, identity::instanceId,
				properties.getTimeoutTolerance(), rejectedCalls.getIfAvailable(), explorerCalls.getIfAvailable());
	}

	@Bean
	@ConditionalOnGrpcServerEnabled
	<T extends ServerBuilder<T>> ServerBuilderCustomizer<T> grpcRequestLogTracerRegistration(
			RequestLogTracerFactory tracers) {
		return (builder) -> builder.addStreamTracerFactory(tracers);
	}

	// On PostgreSQL the log is partitioned by day: the chore creates the days ahead (at once
	// at startup, so a restart after a long pause does not leave today to the DEFAULT
	// partition) and drops the expired ones. Elsewhere it deletes old rows in batches.
	@Bean
	@ConditionalOnMissingBean(name = "grpcRequestLogRetentionTask")
	PeriodicTask grpcRequestLogRetentionTask(DataSource dataSource, GrpcRequestLogProperties properties,
			BackgroundScheduler scheduler, GrpcStarterSchemaMigration schema) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		if (RequestLogPartitions.isPartitioned(jdbc)) {
			GrpcRequestLogProperties.Partitions settings = properties.getPartitions();
			RequestLogPartitions partitions = new RequestLogPartitions(jdbc, settings.getAhead(),
					properties.getRetention(), properties.getRetentionBatchSize(), settings.getLockTimeout(),
					Clock.systemUTC());
			return new PeriodicTask(scheduler, "grpc-request-log-partitions", Duration.ZERO,
					properties.getRetentionInterval(), partitions::maintain);
		}
		RequestLogRetention retention = new RequestLogRetention(jdbc, properties.getRetention(),
				properties.getRetentionBatchSize(), Clock.systemUTC());
		return new PeriodicTask(scheduler, "grpc-request-log-retention", properties.getRetentionInterval(),
				retention::purge);
	}

	@Bean
	@ConditionalOnMissingBean
	RequestLogStatistics grpcRequestLogStatistics(DataSource dataSource) {
		return new RequestLogStatistics(new JdbcTemplate(dataSource));
	}

	@Bean
	@ConditionalOnMissingBean
	RequestLogSearch grpcRequestLogSearch(DataSource dataSource) {
		return new RequestLogSearch(new JdbcTemplate(dataSource));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RequestLogWriterMetrics grpcRequestLogWriterMetrics(RequestLogWriter writer) {
			return new RequestLogWriterMetrics(writer);
		}

	}

	/**
	 * The budget of rows of calls refused before authentication, per client address, with
	 * the task that writes the summaries of ended windows.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnGrpcServerEnabled
	@ConditionalOnBooleanProperty(name = "grpc.request-log.rejected-calls.enabled", matchIfMissing = true)
	static class RejectedCallsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RejectedCallRowBudget grpcRejectedCallRowBudget(RequestLogWriter writer, GrpcRequestLogProperties properties,
				InstanceIdentity identity) {
			GrpcRequestLogProperties.RejectedCalls rejected = properties.getRejectedCalls();
			return new RejectedCallRowBudget(writer, rejected.getRowsPerAddress(), rejected.getWindow(),
					rejected.getMaxAddresses(), identity::instanceId);
		}

		/** Looks for ended windows every second (or every window, when shorter). */
		@Bean
		@ConditionalOnMissingBean(name = "grpcRejectedCallSummaryTask")
		PeriodicTask grpcRejectedCallSummaryTask(RejectedCallRowBudget budget, BackgroundScheduler scheduler) {
			Duration window = budget.window();
			Duration interval = (window.compareTo(Duration.ofSeconds(1)) < 0) ? window : Duration.ofSeconds(1);
			return new PeriodicTask(scheduler, "grpc-request-log-rejected-call-summaries", interval,
					budget::closeEndedWindows);
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(MeterRegistry.class)
		static class RejectedCallsMetricsConfiguration {

			@Bean
			@ConditionalOnMissingBean
			RejectedCallRowBudgetMetrics grpcRejectedCallRowBudgetMetrics(RejectedCallRowBudget budget) {
				return new RejectedCallRowBudgetMetrics(budget);
			}

		}

	}

}
