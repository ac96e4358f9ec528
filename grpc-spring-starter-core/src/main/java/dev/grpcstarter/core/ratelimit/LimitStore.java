package dev.grpcstarter.core.ratelimit;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ExecutionStrategy;
import io.github.bucket4j.distributed.proxy.ExpiredEntriesCleaner;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import org.jspecify.annotations.Nullable;

/**
 * The buckets of one engine, one per limited key and addressed by the key's id, with what
 * must be released when the application stops.
 */
public final class LimitStore implements AutoCloseable {

	/** The PostgreSQL table holding the buckets, created by the starter's migrations. */
	public static final String POSTGRESQL_TABLE = "grpc_rate_limit_bucket";

	/** Bucket rows stay this long after they would be full again; a new bucket starts full. */
	static final ExpirationAfterWriteStrategy EXPIRATION = ExpirationAfterWriteStrategy
		.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1));

	private final RateLimitEngine engine;

	private final String description;

	private final ProxyManager<Long> buckets;

	private final @Nullable ExpiredEntriesCleaner cleaner;

	private final AutoCloseable resources;

	LimitStore(RateLimitEngine engine, String description, ProxyManager<Long> buckets,
			@Nullable ExpiredEntriesCleaner cleaner, AutoCloseable resources) {
		this.engine = engine;
		this.description = description;
		this.buckets = buckets;
		this.cleaner = cleaner;
		this.resources = resources;
	}

	/**
	 * Buckets in this instance's memory.
	 * @return the store
	 */
	public static LimitStore memory() {
		return new LimitStore(RateLimitEngine.MEMORY, "this instance's memory", new InMemoryBuckets(), null, () -> {
		});
	}

	/**
	 * Buckets in the {@value #POSTGRESQL_TABLE} table, locked row by row with
	 * {@code SELECT ... FOR UPDATE}.
	 * @param dataSource the application's PostgreSQL database
	 * @param connection how calls reach the database
	 * @return the store
	 */
	public static LimitStore postgresql(DataSource dataSource, EngineConnection connection) {
		ExecutorService executor = connection.executor("grpc-rate-limit-postgresql");
		var buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
			.table(POSTGRESQL_TABLE)
			.idColumn("id")
			.stateColumn("state")
			.expiresAtColumn("expires_at")
			.expirationAfterWrite(EXPIRATION)
			.requestTimeout(connection.timeout())
			.executionStrategy(ExecutionStrategy.backgroundTimeBounded(executor, connection.timeout()))
			.build();
		return new LimitStore(RateLimitEngine.POSTGRESQL, "table " + POSTGRESQL_TABLE, buckets, buckets,
				executor::shutdownNow);
	}

	/** @return the engine */
	public RateLimitEngine engine() {
		return this.engine;
	}

	/** @return where the buckets are, in words, for example {@code table grpc_rate_limit_bucket} */
	public String description() {
		return this.description;
	}

	ProxyManager<Long> buckets() {
		return this.buckets;
	}

	/**
	 * Deletes buckets that would be full again, where the engine does not expire them
	 * itself (PostgreSQL).
	 * @param batchSize rows per statement
	 * @return the buckets deleted
	 */
	public int removeExpired(int batchSize) {
		if (this.cleaner == null) {
			return 0;
		}
		int removed = 0;
		int batch;
		do {
			batch = this.cleaner.removeExpired(batchSize);
			removed += batch;
		}
		while (batch == batchSize);
		return removed;
	}

	@Override
	public void close() throws Exception {
		this.resources.close();
	}

	@Override
	public String toString() {
		return this.engine.displayName() + " (" + this.description + ")";
	}

	/**
	 * How calls reach a shared engine: each request runs on one of a few threads of the
	 * store's own, so that a slow or unreachable engine holds a call no longer than the
	 * timeout and takes no more connections than there are threads.
	 *
	 * @param timeout the longest a call waits for the engine
	 * @param threads the threads talking to the engine
	 */
	public record EngineConnection(Duration timeout, int threads) {

		/**
		 * Checks the values.
		 * @param timeout the timeout
		 * @param threads the threads
		 */
		public EngineConnection {
			if (timeout.isNegative() || timeout.isZero()) {
				throw new IllegalArgumentException("the rate-limit engine timeout must be positive");
			}
			if (threads < 1) {
				throw new IllegalArgumentException("the rate-limit engine needs at least one thread");
			}
		}

		ExecutorService executor(String name) {
			AtomicInteger count = new AtomicInteger();
			// A full queue refuses at once: the call falls back to this instance's memory.
			return new ThreadPoolExecutor(this.threads, this.threads, 1, TimeUnit.MINUTES,
					new ArrayBlockingQueue<>(1024), (runnable) -> {
						Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
						thread.setDaemon(true);
						return thread;
					}, new ThreadPoolExecutor.AbortPolicy());
		}

	}

}
