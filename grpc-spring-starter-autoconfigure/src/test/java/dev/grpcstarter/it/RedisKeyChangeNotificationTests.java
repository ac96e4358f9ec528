package dev.grpcstarter.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key changes notified through Redis pub/sub, chosen automatically because the rate limits
 * live in Redis; the keys themselves stay in PostgreSQL.
 */
class RedisKeyChangeNotificationTests extends AbstractKeyChangeNotificationTests {

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
	String expectedTransport() {
		return "Redis pub/sub (channel grpc:api-key-changed)";
	}

	@Override
	void revokeUnnoticed(long keyId) {
		// Plain SQL publishes nothing on Redis.
		assertThat(jdbc().update("update grpc_api_key set revoked_at = now() where id = ?", keyId)).isOne();
	}

	@Override
	void cutNotificationConnections() {
		assertThat(this.redis.command("CLIENT KILL TYPE pubsub")).as("subscribed connections killed")
			.isEqualTo(":" + this.instances.size());
	}

	@AfterAll
	void stopRedis() {
		if (this.redis != null) {
			this.redis.close();
		}
	}

}
