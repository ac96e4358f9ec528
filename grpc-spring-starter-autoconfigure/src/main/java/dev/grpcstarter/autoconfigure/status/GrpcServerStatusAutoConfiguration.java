package dev.grpcstarter.autoconfigure.status;

import java.time.Clock;

import javax.sql.DataSource;

import dev.grpcstarter.autoconfigure.schema.GrpcStarterSchemaAutoConfiguration;
import dev.grpcstarter.core.apikey.ApiKeyChangeNotifications;
import dev.grpcstarter.core.background.BackgroundScheduler;
import dev.grpcstarter.core.background.PeriodicTask;
import dev.grpcstarter.core.ratelimit.CallLimiter;
import dev.grpcstarter.core.schema.GrpcStarterSchemaMigration;
import dev.grpcstarter.core.status.InstanceIdentity;
import dev.grpcstarter.core.status.ServerInstanceRecorder;
import dev.grpcstarter.core.status.ServerInstanceService;
import dev.grpcstarter.core.status.ServerInstanceStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Server-instance status: this instance's lifecycle and heartbeats in
 * {@code grpc_server_instance}, the {@link ServerInstanceService} for reading every
 * instance on the database, and purging of old rows. The health indicator and the
 * {@code grpc} endpoint need no database and are configured apart
 * ({@link GrpcServerHealthContributorAutoConfiguration},
 * {@link GrpcServicesEndpointAutoConfiguration}).
 */
@AutoConfiguration(after = { GrpcServerAutoConfiguration.class, GrpcStarterSchemaAutoConfiguration.class,
		GrpcInstanceAutoConfiguration.class })
@ConditionalOnClass({ GrpcServerLifecycle.class, JdbcTemplate.class })
@ConditionalOnBean({ GrpcServerLifecycle.class, InstanceIdentity.class })
@EnableConfigurationProperties(GrpcServerStatusProperties.class)
public final class GrpcServerStatusAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean({ DataSource.class, GrpcStarterSchemaMigration.class })
	@ConditionalOnBooleanProperty(name = "grpc.server-status.enabled", matchIfMissing = true)
	static class StatusRecordingConfiguration {

		// The schema parameter only orders creation: the table must exist first.
		@Bean
		@ConditionalOnMissingBean
		ServerInstanceStore grpcServerInstanceStore(DataSource dataSource, GrpcStarterSchemaMigration schema) {
			return new ServerInstanceStore(new JdbcTemplate(dataSource));
		}

		@Bean
		@ConditionalOnMissingBean
		ServerInstanceRecorder grpcServerInstanceRecorder(ServerInstanceStore store, InstanceIdentity identity,
				GrpcServerStatusProperties properties, BackgroundScheduler scheduler) {
			return new ServerInstanceRecorder(store, identity, properties.getHeartbeatInterval(), Clock.systemUTC(),
					scheduler);
		}

		@Bean
		@ConditionalOnMissingBean
		ServerStatusLifecycle grpcServerStatusLifecycle(ServerInstanceRecorder recorder,
				ObjectProvider<GrpcServerProperties> server, Environment environment,
				ObjectProvider<CallLimiter> limiter, ObjectProvider<ApiKeyChangeNotifications> keyChanges) {
			return new ServerStatusLifecycle(recorder, new ServerConfigSnapshot(server.getIfAvailable(), environment,
					limiter.getIfAvailable(), keyChanges.getIfAvailable()));
		}

		@Bean
		@ConditionalOnMissingBean
		ServerInstanceService grpcServerInstanceService(ServerInstanceStore store, InstanceIdentity identity,
				GrpcServerStatusProperties properties) {
			return new ServerInstanceService(store, identity, properties.getHeartbeatInterval(),
					properties.getMissedHeartbeats(), properties.isCheckLocalPid(), Clock.systemUTC());
		}

		@Bean
		@ConditionalOnMissingBean(name = "grpcServerInstancePurgeTask")
		PeriodicTask grpcServerInstancePurgeTask(ServerInstanceService instances,
				GrpcServerStatusProperties properties, BackgroundScheduler scheduler) {
			// Fail at startup, not in the background, when purge-after is too short.
			instances.purgeOlderThan(properties.getPurgeAfter());
			return new PeriodicTask(scheduler, "grpc-server-instance-purge", properties.getPurgeInterval(),
					() -> instances.purgeOlderThan(properties.getPurgeAfter()));
		}

	}

}
