package dev.grpcstarter.autoconfigure.ratelimit;

import java.sql.DatabaseMetaData;
import java.util.Locale;

import javax.sql.DataSource;

import dev.grpcstarter.autoconfigure.auth.GrpcApiKeyAutoConfiguration;
import dev.grpcstarter.autoconfigure.auth.GrpcAuthAutoConfiguration;
import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.background.BackgroundScheduler;
import dev.grpcstarter.core.ratelimit.CallLimiter;
import dev.grpcstarter.core.ratelimit.LimitStore;
import dev.grpcstarter.core.ratelimit.RateLimitEngine;
import dev.grpcstarter.core.ratelimit.RedisLimitStores;
import dev.grpcstarter.core.schema.GrpcStarterSchemaMigration;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.grpc.BindableService;
import io.lettuce.core.RedisClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * Rate limits and quotas of API keys, held on one engine chosen at startup (and logged):
 * the application's Redis when Spring Data Redis with Lettuce is configured, else its
 * PostgreSQL database, else this instance's memory; {@code grpc.rate-limit.engine} sets
 * it. The API-key interceptor applies them.
 */
@AutoConfiguration(after = GrpcApiKeyAutoConfiguration.class, before = GrpcAuthAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({ BindableService.class, Bucket.class })
@ConditionalOnBooleanProperty(name = "spring.grpc.server.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "grpc.auth.enabled", matchIfMissing = true)
@ConditionalOnBean(ApiKeyService.class)
@EnableConfigurationProperties(GrpcRateLimitProperties.class)
public final class GrpcRateLimitAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(GrpcRateLimitAutoConfiguration.class);

	// The schema parameter only orders creation: the PostgreSQL bucket table must exist first.
	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	CallLimiter grpcCallLimiter(GrpcRateLimitProperties properties, ObjectProvider<DataSource> dataSource,
			ObjectProvider<GrpcStarterSchemaMigration> schema, ObjectProvider<RedisBuckets> redis) {
		RedisBuckets redisBuckets = redis.getIfAvailable();
		DataSource database = dataSource.getIfAvailable();
		RateLimitEngine engine = RateLimitEngineChoice.choose(properties.getEngine(), redisBuckets != null,
				database != null && isPostgresql(database));
		LimitStore.EngineConnection connection = new LimitStore.EngineConnection(properties.getTimeout(),
				properties.getThreads());
		LimitStore store = switch (engine) {
			case REDIS -> openRedis(required(redisBuckets), properties, connection);
			case POSTGRESQL -> {
				schema.getIfAvailable();
				yield LimitStore.postgresql(required(database), connection);
			}
			case MEMORY -> LimitStore.memory();
		};
		CallLimiter.LocalShare share = new CallLimiter.LocalShare(properties.getLocalShare(),
				properties.getLocalMaxAge());
		logger.info("gRPC rate limits and quotas: {} engine, {}{}", engine.displayName(), store.description(),
				engine.isShared() ? ", shared by every instance on it" : "; limits hold per instance");
		return new CallLimiter(store, share, properties.getOutageRetry());
	}

	/**
	 * The first commands of a shared engine's client can take longer than the engine's
	 * timeout (class loading, the compare-and-swap script): done once before the server
	 * starts, so that the first calls are not limited in memory for an outage that is none.
	 */
	@Bean
	static SmartInitializingSingleton grpcRateLimitEngineWarmUp(ObjectProvider<CallLimiter> limiter) {
		return () -> limiter.ifAvailable(CallLimiter::warmUp);
	}

	@Bean
	BucketPurge grpcRateLimitBucketPurge(CallLimiter limiter, BackgroundScheduler scheduler,
			GrpcRateLimitProperties properties) {
		return new BucketPurge(limiter.store(), scheduler, properties.getPurgeInterval());
	}

	private static LimitStore openRedis(RedisBuckets redis, GrpcRateLimitProperties properties,
			LimitStore.EngineConnection connection) {
		try {
			return redis.open(properties.getRedis().getKeyPrefix(), connection);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("gRPC rate limits: cannot connect to Redis, the engine chosen because"
					+ " Spring Data Redis is configured; start Redis, or set grpc.rate-limit.engine to postgresql"
					+ " or memory", ex);
		}
	}

	private static boolean isPostgresql(DataSource dataSource) {
		try {
			String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
			return product.toLowerCase(Locale.ROOT).contains("postgresql");
		}
		catch (MetaDataAccessException ex) {
			throw new IllegalStateException("gRPC rate limits: cannot reach the database to choose an engine", ex);
		}
	}

	private static <T> T required(@Nullable T value) {
		if (value == null) {
			throw new IllegalStateException("the chosen rate-limit engine is not available");
		}
		return value;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ LettuceConnectionFactory.class, Bucket4jLettuce.class, RedisClient.class })
	static class RedisConfiguration {

		@Bean
		@ConditionalOnBean(LettuceConnectionFactory.class)
		RedisBuckets grpcRateLimitRedisBuckets(LettuceConnectionFactory connectionFactory) {
			return (keyPrefix, connection) -> RedisLimitStores.create(connectionFactory.getRequiredNativeClient(),
					keyPrefix, connection);
		}

	}

}
