package dev.grpcstarter.core.ratelimit;

import java.util.concurrent.ExecutorService;

import io.github.bucket4j.distributed.proxy.ExecutionStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

/**
 * Buckets in Redis through Lettuce, updated by compare-and-swap. Kept apart from
 * {@link LimitStore} so that Lettuce's classes are needed only where Redis is used.
 */
public final class RedisLimitStores {

	private RedisLimitStores() {
	}

	/**
	 * Buckets in Redis under {@code keyPrefix + id}, each expiring by itself once it would
	 * be full again. The store opens its own connection on the client and closes it.
	 * @param client the application's Lettuce client, standalone or cluster
	 * @param keyPrefix the prefix of the bucket keys
	 * @param connection how calls reach Redis
	 * @return the store
	 */
	public static LimitStore create(AbstractRedisClient client, String keyPrefix,
			LimitStore.EngineConnection connection) {
		RedisCodec<String, byte[]> codec = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
		ExecutorService executor = connection.executor("grpc-rate-limit-redis");
		StatefulConnection<String, byte[]> redis;
		ProxyManager<String> buckets;
		if (client instanceof RedisClusterClient cluster) {
			StatefulRedisClusterConnection<String, byte[]> clusterConnection = cluster.connect(codec);
			redis = clusterConnection;
			buckets = Bucket4jLettuce.casBasedBuilder(clusterConnection)
				.expirationAfterWrite(LimitStore.EXPIRATION)
				.requestTimeout(connection.timeout())
				.executionStrategy(ExecutionStrategy.backgroundTimeBounded(executor, connection.timeout()))
				.build();
		}
		else if (client instanceof RedisClient standalone) {
			StatefulRedisConnection<String, byte[]> standaloneConnection = standalone.connect(codec);
			redis = standaloneConnection;
			buckets = Bucket4jLettuce.casBasedBuilder(standaloneConnection)
				.expirationAfterWrite(LimitStore.EXPIRATION)
				.requestTimeout(connection.timeout())
				.executionStrategy(ExecutionStrategy.backgroundTimeBounded(executor, connection.timeout()))
				.build();
		}
		else {
			throw new IllegalArgumentException("unsupported Redis client " + client.getClass().getName());
		}
		return new LimitStore(RateLimitEngine.REDIS, "keys " + keyPrefix + "<key id>",
				buckets.withMapper((Long id) -> keyPrefix + id), null, () -> {
					executor.shutdownNow();
					redis.close();
				});
	}

}
