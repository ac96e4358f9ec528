package dev.grpcstarter.autoconfigure.status;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import dev.grpcstarter.autoconfigure.auth.GrpcApiKeyAutoConfiguration;
import dev.grpcstarter.core.schema.GrpcStarterSchemaMigration;
import dev.grpcstarter.core.background.PeriodicTask;
import dev.grpcstarter.core.ratelimit.CallLimiter;
import dev.grpcstarter.core.status.InstanceIdentity;
import dev.grpcstarter.core.status.RegisteredServicesJson;
import dev.grpcstarter.core.status.ServerInstanceRecorder;
import dev.grpcstarter.core.status.ServerInstanceService;
import dev.grpcstarter.core.status.ServerInstanceStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Server-instance status: this instance's lifecycle and heartbeats in
 * {@code grpc_server_instance}, the {@link ServerInstanceService} for reading every
 * instance on the database, purging of old rows, and, with Actuator, a health indicator
 * and a {@code grpc} endpoint listing the served services.
 */
@AutoConfiguration(after = { GrpcServerAutoConfiguration.class, GrpcApiKeyAutoConfiguration.class,
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
				GrpcServerStatusProperties properties) {
			return new ServerInstanceRecorder(store, identity, properties.getHeartbeatInterval(), Clock.systemUTC());
		}

		@Bean
		ServerStatusLifecycle grpcServerStatusLifecycle(ServerInstanceRecorder recorder,
				ObjectProvider<GrpcServerProperties> server, Environment environment,
				ObjectProvider<CallLimiter> limiter) {
			return new ServerStatusLifecycle(recorder,
					new ServerConfigSnapshot(server.getIfAvailable(), environment, limiter.getIfAvailable()));
		}

		@Bean
		@ConditionalOnMissingBean
		ServerInstanceService grpcServerInstanceService(ServerInstanceStore store, InstanceIdentity identity,
				GrpcServerStatusProperties properties) {
			return new ServerInstanceService(store, identity, properties.getHeartbeatInterval(),
					properties.getMissedHeartbeats(), properties.isCheckLocalPid(), Clock.systemUTC());
		}

		@Bean(destroyMethod = "close")
		PeriodicTask grpcServerInstancePurgeTask(ServerInstanceService instances,
				GrpcServerStatusProperties properties) {
			// Fail at startup, not in the background, when purge-after is too short.
			instances.purgeOlderThan(properties.getPurgeAfter());
			return new PeriodicTask("grpc-server-instance-purge", properties.getPurgeInterval(),
					properties.getPurgeInterval(), () -> instances.purgeOlderThan(properties.getPurgeAfter()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "grpcServerHealthIndicator")
		HealthIndicator grpcServerHealthIndicator(GrpcServerLifecycle server, InstanceIdentity identity) {
			return () -> (server.isRunning() ? Health.up() : Health.down()).withDetail("port", server.getPort())
				.withDetail("instanceId", identity.instanceId())
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		GrpcServicesEndpoint grpcServicesEndpoint(GrpcServerLifecycle server, InstanceIdentity identity) {
			return new GrpcServicesEndpoint(server, identity);
		}

	}

	/**
	 * The {@code grpc} Actuator endpoint: the services this server serves, with their
	 * methods and call types.
	 */
	@Endpoint(id = "grpc")
	public static final class GrpcServicesEndpoint {

		private final GrpcServerLifecycle server;

		private final InstanceIdentity identity;

		GrpcServicesEndpoint(GrpcServerLifecycle server, InstanceIdentity identity) {
			this.server = server;
			this.identity = identity;
		}

		/**
		 * The served services.
		 * @return instance id, port and services
		 */
		@ReadOperation
		public Map<String, Object> services() {
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("instanceId", this.identity.instanceId());
			result.put("port", this.server.getPort());
			result.put("services",
					RegisteredServicesJson.readServices(RegisteredServicesJson.services(this.identity.services())));
			return result;
		}

	}

}
