package dev.grpcstarter.autoconfigure.ratelimit;

import dev.grpcstarter.autoconfigure.ratelimit.GrpcRateLimitProperties.Engine;
import dev.grpcstarter.core.ratelimit.RateLimitEngine;

/**
 * Which engine holds the buckets: the configured one, or for {@code auto} the most shared
 * one the application has. Redis comes first where both are there: it answers faster and
 * takes the load off the database.
 */
final class RateLimitEngineChoice {

	private RateLimitEngineChoice() {
	}

	static RateLimitEngine choose(Engine configured, boolean redisAvailable, boolean postgresqlDatabase) {
		return switch (configured) {
			case AUTO -> redisAvailable ? RateLimitEngine.REDIS
					: postgresqlDatabase ? RateLimitEngine.POSTGRESQL : RateLimitEngine.MEMORY;
			case REDIS -> {
				if (!redisAvailable) {
					throw new IllegalStateException("grpc.rate-limit.engine=redis, but the application has no"
							+ " Spring Data Redis connection factory using Lettuce (add spring-boot-starter-data-redis)");
				}
				yield RateLimitEngine.REDIS;
			}
			case POSTGRESQL -> {
				if (!postgresqlDatabase) {
					throw new IllegalStateException(
							"grpc.rate-limit.engine=postgresql, but the application's database is not PostgreSQL");
				}
				yield RateLimitEngine.POSTGRESQL;
			}
			case MEMORY -> RateLimitEngine.MEMORY;
		};
	}

}
