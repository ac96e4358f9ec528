package dev.grpcstarter.autoconfigure.ratelimit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where API-key rate limits and quotas are held and how instances share them. The limits
 * themselves are set per key.
 */
@ConfigurationProperties("grpc.rate-limit")
public class GrpcRateLimitProperties {

	/** Where the buckets live: auto (Redis if configured, else a PostgreSQL database, else memory), redis, postgresql or memory. */
	private Engine engine = Engine.AUTO;

	/** Longest a call waits for a shared engine; past it, or on an error, the call is limited in this instance's memory. */
	private Duration timeout = Duration.ofMillis(500);

	/** After a failure of a shared engine, how long calls are limited in memory before the engine is tried again. */
	private Duration outageRetry = Duration.ofSeconds(5);

	/** Threads talking to a shared engine; bounds the connections rate limiting takes. */
	private int threads = 4;

	/** Share of a key's smallest limit an instance may use without asking a shared engine, 0 to below 1; 0 asks on every call. */
	private double localShare = 0.005;

	/** Longest an instance acts on its own view of a key's bucket before asking a shared engine again. */
	private Duration localMaxAge = Duration.ofSeconds(1);

	/** How often bucket rows of keys at rest are deleted (PostgreSQL; Redis expires them itself). */
	private Duration purgeInterval = Duration.ofMinutes(10);

	private final Redis redis = new Redis();

	public Engine getEngine() {
		return this.engine;
	}

	public void setEngine(Engine engine) {
		this.engine = engine;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Duration getOutageRetry() {
		return this.outageRetry;
	}

	public void setOutageRetry(Duration outageRetry) {
		this.outageRetry = outageRetry;
	}

	public int getThreads() {
		return this.threads;
	}

	public void setThreads(int threads) {
		this.threads = threads;
	}

	public double getLocalShare() {
		return this.localShare;
	}

	public void setLocalShare(double localShare) {
		this.localShare = localShare;
	}

	public Duration getLocalMaxAge() {
		return this.localMaxAge;
	}

	public void setLocalMaxAge(Duration localMaxAge) {
		this.localMaxAge = localMaxAge;
	}

	public Duration getPurgeInterval() {
		return this.purgeInterval;
	}

	public void setPurgeInterval(Duration purgeInterval) {
		this.purgeInterval = purgeInterval;
	}

	public Redis getRedis() {
		return this.redis;
	}

	/**
	 * The engine holding the buckets.
	 */
	public enum Engine {

		/** Redis when Spring Data Redis with Lettuce is configured, else PostgreSQL when the database is, else memory. */
		AUTO,

		/** The application's Redis, through Spring Data Redis's Lettuce client. */
		REDIS,

		/** A table of the application's PostgreSQL database. */
		POSTGRESQL,

		/** This instance's memory: limits hold per instance. */
		MEMORY

	}

	/**
	 * Buckets in Redis.
	 */
	public static class Redis {

		/** Prefix of the bucket keys; the key id follows. */
		private String keyPrefix = "grpc:rate-limit:";

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

	}

}
