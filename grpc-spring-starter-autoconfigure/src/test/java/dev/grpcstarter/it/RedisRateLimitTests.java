package dev.grpcstarter.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;

/**
 * Rate limits of three instances on one Redis, chosen automatically because Spring Data
 * Redis is configured; the keys themselves stay in PostgreSQL.
 */
class RedisRateLimitTests extends AbstractClusterRateLimitTests {

	private RedisServer redis;

	@Override
	List<String> engineProperties() {
		this.redis = RedisServer.start();
		List<String> properties = new ArrayList<>(
				EmbeddedPostgres.datasourceProperties(EmbeddedPostgres.newDatabase(), Duration.ofSeconds(1)));
		properties.addAll(this.redis.springProperties());
		return properties;
	}

	@Override
	String expectedEngine() {
		return "Redis (keys grpc:rate-limit:<key id>)";
	}

	@AfterAll
	void stopRedis() {
		if (this.redis != null) {
			this.redis.close();
		}
	}

}
