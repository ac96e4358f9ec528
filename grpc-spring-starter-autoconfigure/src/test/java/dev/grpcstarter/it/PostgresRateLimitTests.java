package dev.grpcstarter.it;

import java.time.Duration;
import java.util.List;

/**
 * Rate limits of three instances on one PostgreSQL database: the buckets are rows of
 * {@code grpc_rate_limit_bucket}, chosen automatically.
 */
class PostgresRateLimitTests extends AbstractClusterRateLimitTests {

	@Override
	List<String> engineProperties() {
		return EmbeddedPostgres.datasourceProperties(EmbeddedPostgres.newDatabase(), Duration.ofSeconds(1));
	}

	@Override
	String expectedEngine() {
		return "PostgreSQL (table grpc_rate_limit_bucket)";
	}

}
