package dev.grpcstarter.autoconfigure.auth;

import java.sql.DatabaseMetaData;
import java.time.Duration;
import java.util.Locale;

import javax.sql.DataSource;

import dev.grpcstarter.autoconfigure.auth.GrpcAuthProperties.Transport;
import dev.grpcstarter.core.apikey.ApiKeyChangeListener;
import dev.grpcstarter.core.apikey.ApiKeyChangeNotifications;
import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.PostgresApiKeyChangeNotifications;
import dev.grpcstarter.core.apikey.RedisApiKeyChangeNotifications;
import dev.grpcstarter.core.auth.ApiKeyAuthenticator;
import dev.grpcstarter.core.ratelimit.CallLimiter;
import dev.grpcstarter.core.ratelimit.RateLimitEngine;
import io.lettuce.core.RedisClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * Key changes reach the key cache of every instance within a second: through PostgreSQL's
 * {@code LISTEN/NOTIFY} on the application's database, or through Redis pub/sub where the
 * rate limits live in Redis. Without either (H2), or with
 * {@code grpc.auth.key-change-notifications.enabled=false}, the cache's time-to-live bounds
 * how late another instance sees a change.
 */
// The rate-limit engine by name: its auto-configuration already depends on this package.
@AutoConfiguration(after = GrpcAuthAutoConfiguration.class,
		afterName = { "dev.grpcstarter.autoconfigure.ratelimit.GrpcRateLimitAutoConfiguration",
				"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
@ConditionalOnBean({ ApiKeyService.class, ApiKeyAuthenticator.class })
@ConditionalOnBooleanProperty(name = "grpc.auth.key-change-notifications.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GrpcAuthProperties.class)
public final class GrpcApiKeyChangeNotificationsAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(GrpcApiKeyChangeNotificationsAutoConfiguration.class);

	/** How long startup waits for Redis to confirm the subscription. */
	private static final Duration REDIS_SUBSCRIBE_TIMEOUT = Duration.ofSeconds(5);

	@Bean
	@ConditionalOnMissingBean
	ApiKeyChangeNotifications grpcApiKeyChangeNotifications(GrpcAuthProperties properties, ApiKeyService keys,
			ApiKeyAuthenticator authenticator, ObjectProvider<CallLimiter> limiter,
			ObjectProvider<DataSource> dataSource, ObjectProvider<PostgresListenerConnections> postgres,
			ObjectProvider<RedisKeyChangeClient> redis) {
		Transport transport = properties.getKeyChangeNotifications().getTransport();
		CallLimiter callLimiter = limiter.getIfAvailable();
		RedisKeyChangeClient redisClient = redis.getIfAvailable();
		boolean redisEngine = callLimiter != null && callLimiter.engine() == RateLimitEngine.REDIS;
		if (transport == Transport.REDIS || (transport == Transport.AUTO && redisEngine && redisClient != null)) {
			if (redisClient == null) {
				throw new IllegalStateException("grpc.auth.key-change-notifications.transport=redis, but the"
						+ " application has no Spring Data Redis connection factory using Lettuce");
			}
			return announce(redisClient.open(keys, authenticator));
		}
		DataSource database = dataSource.getIfAvailable();
		PostgresListenerConnections connections = postgres.getIfAvailable();
		boolean postgresql = database != null && connections != null && isPostgresql(database);
		if (transport == Transport.POSTGRESQL && !postgresql) {
			throw new IllegalStateException(
					"grpc.auth.key-change-notifications.transport=postgresql, but the application's database is not"
							+ " PostgreSQL");
		}
		if (postgresql) {
			return announce(connections.open(database, authenticator));
		}
		logger.info("API key changes: no notifications (the database is not PostgreSQL and rate limits are not in"
				+ " Redis); other instances see a change within grpc.auth.cache-ttl ({})", properties.getCacheTtl());
		return new NoApiKeyChangeNotifications();
	}

	private static ApiKeyChangeNotifications announce(ApiKeyChangeNotifications notifications) {
		logger.info("API key changes: notified to every instance through {}", notifications.description());
		return notifications;
	}

	private static boolean isPostgresql(DataSource dataSource) {
		try {
			String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
			return product.toLowerCase(Locale.ROOT).contains("postgresql");
		}
		catch (MetaDataAccessException ex) {
			throw new IllegalStateException("API key change notifications: cannot reach the database", ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.postgresql.PGConnection")
	static class PostgresConfiguration {

		@Bean
		PostgresListenerConnections grpcApiKeyChangeListenerConnections(
				ObjectProvider<JdbcConnectionDetails> connectionDetails) {
			return (dataSource, listener) -> {
				JdbcConnectionDetails details = connectionDetails.getIfAvailable();
				// A connection of its own, outside the pool, where Spring Boot knows how the
				// pool connects; where the application built its own DataSource, the listener
				// holds one of its connections for as long as it listens.
				PostgresApiKeyChangeNotifications.Connector connector = (details != null
						&& details.getJdbcUrl().startsWith("jdbc:postgresql:"))
								? PostgresApiKeyChangeNotifications.Connector.driver(details.getJdbcUrl(),
										details.getUsername(), details.getPassword())
								: dataSource::getConnection;
				return new PostgresApiKeyChangeNotifications(connector, listener);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ LettuceConnectionFactory.class, RedisClient.class })
	static class RedisConfiguration {

		@Bean
		@ConditionalOnBean(LettuceConnectionFactory.class)
		RedisKeyChangeClient grpcApiKeyChangeRedisClient(LettuceConnectionFactory connectionFactory) {
			return (keys, listener) -> {
				RedisApiKeyChangeNotifications notifications = new RedisApiKeyChangeNotifications(
						connectionFactory.getRequiredNativeClient(), listener, REDIS_SUBSCRIBE_TIMEOUT);
				// Publishes what this instance changes.
				keys.addChangeListener(notifications);
				return notifications;
			};
		}

	}

	/** Notifications on the application's PostgreSQL; a bean only where its driver is there. */
	@FunctionalInterface
	interface PostgresListenerConnections {

		ApiKeyChangeNotifications open(DataSource dataSource, ApiKeyChangeListener listener);

	}

	/** Notifications on the application's Redis; a bean only where Spring Data Redis with Lettuce is configured. */
	@FunctionalInterface
	interface RedisKeyChangeClient {

		ApiKeyChangeNotifications open(ApiKeyService keys, ApiKeyChangeListener listener);

	}

	/** No notifications: the cache's time-to-live alone bounds how late a change is seen. */
	static final class NoApiKeyChangeNotifications implements ApiKeyChangeNotifications {

		@Override
		public String description() {
			return "none (other instances see changes within the key cache TTL)";
		}

		@Override
		public boolean isSubscribed() {
			return false;
		}

		@Override
		public long subscriptions() {
			return 0;
		}

		@Override
		public void start() {
		}

		@Override
		public void stop() {
		}

		@Override
		public boolean isRunning() {
			return false;
		}

	}

}
