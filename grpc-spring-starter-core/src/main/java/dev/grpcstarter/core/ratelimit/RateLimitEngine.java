package dev.grpcstarter.core.ratelimit;

/**
 * Where the buckets of rate limits and quotas live.
 */
public enum RateLimitEngine {

	/** A table of the application's PostgreSQL database, shared by every instance on it. */
	POSTGRESQL("PostgreSQL"),

	/** The application's Redis, shared by every instance that uses it. */
	REDIS("Redis"),

	/** This instance's memory: limits hold per instance, for development and single instances. */
	MEMORY("memory");

	private final String displayName;

	RateLimitEngine(String displayName) {
		this.displayName = displayName;
	}

	/** @return the name shown to people, for example {@code PostgreSQL} */
	public String displayName() {
		return this.displayName;
	}

	/** @return whether every instance sees the same buckets */
	public boolean isShared() {
		return this != MEMORY;
	}

}
