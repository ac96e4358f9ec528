package dev.grpcstarter.core.apikey;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.grpcstarter.core.background.BackgroundPhases;
import dev.grpcstarter.core.background.BackgroundScheduler;
import dev.grpcstarter.core.call.ExcludedMethods;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Counts key usage in memory and writes it in one JDBC batch every interval and at
 * shutdown: no database write on the call path. Counts survive a failed write and are
 * retried with the next batch, so no increment is lost.
 *
 * <p>What to write ({@link #flush()}) is apart from when: once started, the shared
 * {@link BackgroundScheduler} flushes every interval; {@link #stop()} writes what is left,
 * in a phase after the servers stopped taking calls ({@link BackgroundPhases#WORK}).
 *
 * <p>Calls of {@link ExcludedMethods excluded methods} (health checks, reflection) are not
 * counted, as the request log leaves them out: a key's count is the calls listed for it.
 */
public final class ApiKeyUsageRecorder implements SmartLifecycle, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ApiKeyUsageRecorder.class);

	private static final String UPDATE = "update grpc_api_key set request_count = request_count + ?,"
			+ " last_used_at = case when last_used_at is null or last_used_at < ? then ? else last_used_at end"
			+ " where id = ?";

	private final Map<Long, Usage> usage = new ConcurrentHashMap<>();

	private final JdbcTemplate jdbc;

	private final BackgroundScheduler scheduler;

	private final Duration flushInterval;

	private final ExcludedMethods excluded;

	/** Guards starting and stopping; {@link #flush()} has its own lock, held while writing. */
	private final Object lifecycleMonitor = new Object();

	private volatile @Nullable ScheduledFuture<?> flushes;

	/**
	 * A recorder; it counts at once and writes once {@link #start() started}.
	 * @param jdbc the database holding {@code grpc_api_key}
	 * @param scheduler the scheduler of the periodic flushes
	 * @param flushInterval how often to write
	 */
	public ApiKeyUsageRecorder(JdbcTemplate jdbc, BackgroundScheduler scheduler, Duration flushInterval) {
		this(jdbc, scheduler, flushInterval, ExcludedMethods.NONE);
	}

	/**
	 * A recorder that leaves calls of the excluded methods out; it counts at once and
	 * writes once {@link #start() started}.
	 * @param jdbc the database holding {@code grpc_api_key}
	 * @param scheduler the scheduler of the periodic flushes
	 * @param flushInterval how often to write
	 * @param excluded the methods whose calls are not counted, those the request log leaves out
	 */
	public ApiKeyUsageRecorder(JdbcTemplate jdbc, BackgroundScheduler scheduler, Duration flushInterval,
			ExcludedMethods excluded) {
		this.jdbc = jdbc;
		this.scheduler = scheduler;
		this.flushInterval = flushInterval;
		this.excluded = excluded;
	}

	/** Writes the counts every flush interval from now on. */
	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.flushes == null) {
				this.flushes = this.scheduler.scheduleWithFixedDelay("grpc-api-key-usage", this.flushInterval,
						this.flushInterval, this::flush);
			}
		}
	}

	/**
	 * Counts one call made with a key, unless its method is excluded. Lock-free; never
	 * touches the database.
	 * @param keyId the key
	 * @param fullMethodName the called method, {@code package.Service/Method}
	 */
	public void record(long keyId, String fullMethodName) {
		if (!this.excluded.contains(fullMethodName)) {
			record(keyId);
		}
	}

	/**
	 * Counts one call made with a key, whatever its method. Lock-free; never touches the
	 * database.
	 * @param keyId the key
	 */
	public void record(long keyId) {
		Usage entry = this.usage.computeIfAbsent(keyId, (id) -> new Usage());
		entry.count.increment();
		long now = System.currentTimeMillis();
		// Calls with one key within one millisecond need not all write the shared time.
		if (entry.lastUsedMillis.get() < now) {
			entry.lastUsedMillis.accumulateAndGet(now, Math::max);
		}
	}

	/**
	 * Writes the counts gathered so far.
	 * @return the number of calls written
	 */
	public synchronized long flush() {
		List<Object[]> rows = new ArrayList<>();
		List<Usage> taken = new ArrayList<>();
		List<Long> counts = new ArrayList<>();
		for (Map.Entry<Long, Usage> entry : this.usage.entrySet()) {
			long count = entry.getValue().count.sumThenReset();
			if (count > 0) {
				Timestamp lastUsed = new Timestamp(entry.getValue().lastUsedMillis.get());
				rows.add(new Object[] { count, lastUsed, lastUsed, entry.getKey() });
				taken.add(entry.getValue());
				counts.add(count);
			}
		}
		if (rows.isEmpty()) {
			return 0;
		}
		try {
			this.jdbc.batchUpdate(UPDATE, rows);
		}
		catch (RuntimeException ex) {
			// Give the counts back; the next flush retries them.
			for (int i = 0; i < taken.size(); i++) {
				taken.get(i).count.add(counts.get(i));
			}
			throw ex;
		}
		return counts.stream().mapToLong(Long::longValue).sum();
	}

	/** Stops the periodic flushes and writes what is left. */
	@Override
	public void stop() {
		ScheduledFuture<?> flushes;
		synchronized (this.lifecycleMonitor) {
			flushes = this.flushes;
			this.flushes = null;
		}
		if (flushes == null) {
			return;
		}
		flushes.cancel(false);
		try {
			flush();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not write API key usage at shutdown; counts of the last interval are lost: {}",
					ex.getMessage());
		}
	}

	@Override
	public boolean isRunning() {
		return this.flushes != null;
	}

	@Override
	public int getPhase() {
		return BackgroundPhases.WORK;
	}

	/** Same as {@link #stop()}: also stops a recorder whose context failed to start. */
	@Override
	public void close() {
		stop();
	}

	private static final class Usage {

		private final LongAdder count = new LongAdder();

		private final AtomicLong lastUsedMillis = new AtomicLong();

	}

}
