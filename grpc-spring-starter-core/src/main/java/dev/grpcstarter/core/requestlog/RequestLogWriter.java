package dev.grpcstarter.core.requestlog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.ClassUtils;

/**
 * Writes request-log rows off the call path: a bounded in-memory queue, drained by one
 * thread in batches (on PostgreSQL with {@code COPY}, elsewhere multi-row inserts; one
 * round trip per batch), flushed when a batch is full or the flush interval has passed.
 *
 * <p>When the database is slow or down, the batch in hand is retried with backoff while
 * new rows keep queueing up to the capacity; past it the oldest queued row is dropped and
 * counted. A retry first checks whether the failed attempt committed after all, so a
 * batch is never written twice. While the database answers but the writer is behind (short
 * of CPU), finishing calls can be made to pause briefly instead ({@link #slowCallsWhenBehind}).
 * Whenever no row is being handed over, {@code accepted = written + dropped + pending}. On
 * close the writer flushes for at most the shutdown timeout and counts what it could not
 * write as dropped.
 */
public final class RequestLogWriter implements RequestLogSink, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RequestLogWriter.class);

	static final String COLUMNS = "request_id, instance_id, service, method, call_type, status, grpc_code,"
			+ " error_message, duration_us, api_key_id, principal, authenticated, client_ip, user_agent,"
			+ " messages_in, messages_out, bytes_in, bytes_out, started_at";

	private static final int COLUMN_COUNT = 19;

	private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

	private static final int COPY_BATCH_FACTOR = 20;

	private static final long MIN_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(20);

	private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private static final long STALLED_WRITE_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final JdbcTemplate jdbc;

	private final int capacity;

	private final int batchSize;

	private final Duration flushInterval;

	private final Duration shutdownTimeout;

	/**
	 * Rows waiting for the writer. Lock-free: every finishing call adds to it, and with a lock
	 * the calls queued up behind the writer taking a large batch (measured: a third of the
	 * throughput of a busy two-core server went to waiting and waking threads).
	 */
	private final ConcurrentLinkedQueue<RequestLogEntry> queue = new ConcurrentLinkedQueue<>();

	/** Rows in {@link #queue}; decremented only after the writer counts them as in flight. */
	private final AtomicInteger queued = new AtomicInteger();

	private final Thread thread;

	private volatile RequestLogWriterMetrics.BatchTimer batchTimer = RequestLogWriterMetrics.BatchTimer.NONE;

	private final LongAdder accepted = new LongAdder();

	private final AtomicLong written = new AtomicLong();

	private final LongAdder dropped = new LongAdder();

	/** Rows taken by the writer and not yet settled as written or dropped. */
	private volatile int inFlight;

	private volatile long lastDropNanos;

	private volatile boolean dropping;

	private volatile boolean running = true;

	/** Queued rows above which finishing calls pause, or MAX_VALUE for never. */
	private volatile int backPressureThreshold = Integer.MAX_VALUE;

	/** Whether the last write attempt succeeded: calls are slowed for a busy database only, never for a dead one. */
	private volatile boolean databaseReachable = true;

	/** When the write under way started, 0 when none is. */
	private volatile long writeStartedNanos;

	private final LongAdder slowed = new LongAdder();

	private volatile @Nullable Boolean copy;

	private volatile long lastWarnNanos = System.nanoTime() - WARN_INTERVAL_NANOS;

	/**
	 * A writer; its thread starts at once.
	 * @param jdbc the database holding {@code grpc_request_log}
	 * @param capacity rows held in memory at most, besides the batch being written
	 * @param batchSize rows per insert
	 * @param flushInterval longest time a row waits for a full batch
	 * @param shutdownTimeout longest time {@link #close()} spends writing what is left
	 */
	public RequestLogWriter(JdbcTemplate jdbc, int capacity, int batchSize, Duration flushInterval,
			Duration shutdownTimeout) {
		if (capacity < 1 || batchSize < 1 || batchSize > 1000) {
			throw new IllegalArgumentException(
					"grpc.request-log: queue-capacity must be at least 1 and batch-size between 1 and 1000");
		}
		this.jdbc = jdbc;
		this.capacity = capacity;
		this.batchSize = batchSize;
		this.flushInterval = flushInterval;
		this.shutdownTimeout = shutdownTimeout;
		this.thread = new Thread(this::run, "grpc-request-log-writer");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * Records the latency of every batch write from now on.
	 * @param timer the timer
	 */
	public void recordBatchesWith(RequestLogWriterMetrics.BatchTimer timer) {
		this.batchTimer = timer;
	}

	@Override
	public void accept(RequestLogEntry entry) {
		this.accepted.increment();
		if (!this.running) {
			this.dropped.increment();
			return;
		}
		this.queue.offer(entry);
		int size = this.queued.incrementAndGet();
		if (size > this.capacity) {
			dropOldest();
		}
		else if (size == this.batchSize) {
			// Only the row that completes a batch wakes the writer: one wake-up per batch.
			LockSupport.unpark(this.thread);
		}
		if (size > this.backPressureThreshold && isDatabaseResponsive()) {
			slowDown(size);
		}
		if (!this.running && this.queue.remove(entry)) {
			// Closed meanwhile, after the writer's last look at the queue.
			this.queued.decrementAndGet();
			this.dropped.increment();
		}
	}

	/** The last write succeeded and the one under way (if any) has not hung for a second. */
	private boolean isDatabaseResponsive() {
		long started = this.writeStartedNanos;
		return this.databaseReachable && (started == 0 || System.nanoTime() - started < STALLED_WRITE_NANOS);
	}

	/**
	 * Slows calls down while the queue is more than half full and the database is reachable
	 * (the writer is short of CPU, not cut off): a pause of up to {@link #MAX_PAUSE_NANOS},
	 * growing as the queue fills, leaves the CPU to the writer and the database instead of
	 * dropping rows. While the database is unreachable no call waits; rows queue up to the
	 * capacity and the oldest are dropped past it.
	 */
	private void slowDown(int size) {
		int threshold = this.backPressureThreshold;
		long pause = MAX_PAUSE_NANOS * (size - threshold) / Math.max(1, this.capacity - threshold);
		this.slowed.increment();
		LockSupport.parkNanos(Math.max(MIN_PAUSE_NANOS, Math.min(pause, MAX_PAUSE_NANOS)));
	}

	/**
	 * Lets finishing calls pause while the queue is more than half full and the database is
	 * reachable, so a writer short of CPU catches up instead of dropping rows. Off until
	 * turned on; the auto-configuration turns it on unless
	 * {@code grpc.request-log.slow-calls-when-behind=false}.
	 * @param enabled whether to
	 */
	public void slowCallsWhenBehind(boolean enabled) {
		this.backPressureThreshold = enabled ? this.capacity / 2 : Integer.MAX_VALUE;
	}

	/** @return how many calls paused because the writer was behind */
	public long slowedCalls() {
		return this.slowed.sum();
	}

	private void dropOldest() {
		if (this.queue.poll() == null) {
			return;
		}
		this.queued.decrementAndGet();
		this.dropped.increment();
		this.lastDropNanos = System.nanoTime();
		this.dropping = true;
		warn("Request log queue is full ({} rows): dropping the oldest rows; {} dropped so far", this.capacity,
				this.dropped.sum());
	}

	/**
	 * The counters; {@code accepted = written + dropped + pending} holds whenever no row is
	 * being handed over at the same moment (for example once {@link #awaitIdle} returned).
	 * @return the counters
	 */
	public Counts counts() {
		long written = this.written.get();
		long pending = (long) this.queued.get() + this.inFlight;
		return new Counts(this.accepted.sum(), written, this.dropped.sum(), pending);
	}

	/** @return whether rows were dropped within the last minute */
	public boolean isDropping() {
		return this.dropping && System.nanoTime() - this.lastDropNanos < TimeUnit.MINUTES.toNanos(1);
	}

	/** @return the number of rows held in memory, queued or being written */
	public int pending() {
		return this.queued.get() + this.inFlight;
	}

	/**
	 * Waits until every row accepted so far is written or dropped; for tests and shutdown.
	 * @param timeout how long to wait
	 * @return whether nothing is pending any more
	 */
	public boolean awaitIdle(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (this.queued.get() == 0 && this.inFlight == 0) {
				return true;
			}
			LockSupport.unpark(this.thread);
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return false;
	}

	private void run() {
		while (true) {
			List<RequestLogEntry> batch = nextBatch();
			if (batch == null) {
				return;
			}
			if (!batch.isEmpty()) {
				writeWithRetry(batch);
			}
		}
	}

	/** The next batch, empty when the interval passed with nothing to write, null when closed and drained. */
	private @Nullable List<RequestLogEntry> nextBatch() {
		long deadline = System.nanoTime() + this.flushInterval.toNanos();
		while (this.running && this.queued.get() < this.batchSize) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				break;
			}
			LockSupport.parkNanos(this, left);
			if (Thread.interrupted()) {
				return null;
			}
		}
		if (!this.running && this.queue.isEmpty()) {
			return null;
		}
		// COPY costs one commit however many rows it carries: when the writer falls behind,
		// it takes everything queued (up to COPY_BATCH_FACTOR batches) in one go, so commit
		// latency no longer limits how many rows per second it stores.
		int limit = Boolean.TRUE.equals(this.copy) ? this.batchSize * COPY_BATCH_FACTOR : this.batchSize;
		List<RequestLogEntry> batch = new ArrayList<>(Math.min(limit, Math.max(this.queued.get(), 1)));
		RequestLogEntry entry;
		while (batch.size() < limit && (entry = this.queue.poll()) != null) {
			batch.add(entry);
		}
		// In flight first, then out of the queue count: pending never dips below the truth.
		this.inFlight = batch.size();
		this.queued.addAndGet(-batch.size());
		return batch;
	}

	private void writeWithRetry(List<RequestLogEntry> batch) {
		long backoffMillis = 100;
		long giveUpAt = Long.MAX_VALUE;
		boolean retry = false;
		while (true) {
			try {
				// A failed attempt may still have committed (the connection broke after the
				// commit): the batch is one statement, so one row tells whether it is there.
				if (retry && isWritten(batch.get(0))) {
					settle(batch.size(), 0);
					return;
				}
				long start = System.nanoTime();
				this.writeStartedNanos = start;
				try {
					insert(batch);
				}
				finally {
					this.writeStartedNanos = 0;
				}
				this.batchTimer.record(System.nanoTime() - start);
				settle(batch.size(), 0);
				return;
			}
			catch (RuntimeException ex) {
				this.databaseReachable = false;
				if (!this.running) {
					giveUpAt = Math.min(giveUpAt, System.nanoTime() + this.shutdownTimeout.toNanos());
					if (System.nanoTime() >= giveUpAt) {
						settle(0, batch.size());
						logger.warn("Request log: could not write {} rows at shutdown, counted as dropped", batch.size());
						return;
					}
				}
				warn("Request log: cannot write to the database, retrying ({} rows buffered): {}", pending(),
						ex.getMessage());
				try {
					Thread.sleep(backoffMillis);
				}
				catch (InterruptedException interrupted) {
					settle(0, batch.size());
					return;
				}
				backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
				retry = true;
			}
		}
	}

	private void settle(int writtenRows, int droppedRows) {
		if (writtenRows > 0) {
			this.databaseReachable = true;
		}
		this.written.addAndGet(writtenRows);
		this.dropped.add(droppedRows);
		this.inFlight = 0;
	}

	/** Whether the database is PostgreSQL with its driver: then batches go in with COPY. */
	private boolean usesCopy() {
		Boolean copy = this.copy;
		if (copy == null) {
			copy = ClassUtils.isPresent("org.postgresql.PGConnection", RequestLogWriter.class.getClassLoader())
					&& Boolean.TRUE.equals(this.jdbc.execute((Connection connection) -> PostgresCopy.isPostgres(connection)));
			this.copy = copy;
		}
		return copy;
	}

	private boolean isWritten(RequestLogEntry entry) {
		Long found = this.jdbc.queryForObject("select count(*) from grpc_request_log where started_at = ?"
				+ " and request_id = ? and instance_id = ?", Long.class,
				OffsetDateTime.ofInstant(entry.startedAt(), ZoneOffset.UTC), entry.requestId(), entry.instanceId());
		return found != null && found > 0;
	}

	private void insert(List<RequestLogEntry> batch) {
		if (usesCopy()) {
			PostgresCopy.write(this.jdbc, batch);
			return;
		}
		StringBuilder sql = new StringBuilder("insert into grpc_request_log (").append(COLUMNS).append(") values ");
		String row = "(" + "?,".repeat(COLUMN_COUNT - 1) + "?)";
		for (int i = 0; i < batch.size(); i++) {
			sql.append((i > 0) ? "," : "").append(row);
		}
		this.jdbc.update(sql.toString(), (statement) -> {
			int index = 1;
			for (RequestLogEntry entry : batch) {
				index = bind(statement, index, entry);
			}
		});
	}

	private static int bind(PreparedStatement statement, int start, RequestLogEntry entry) throws SQLException {
		int i = start;
		statement.setString(i++, entry.requestId());
		statement.setString(i++, entry.instanceId());
		statement.setString(i++, entry.service());
		statement.setString(i++, entry.method());
		statement.setString(i++, entry.callType());
		statement.setString(i++, entry.status().columnValue());
		statement.setString(i++, entry.grpcCode());
		statement.setString(i++, entry.errorMessage());
		statement.setLong(i++, entry.durationMicros());
		if (entry.apiKeyId() != null) {
			statement.setLong(i++, entry.apiKeyId());
		}
		else {
			statement.setNull(i++, Types.BIGINT);
		}
		statement.setString(i++, entry.principal());
		statement.setBoolean(i++, entry.authenticated());
		statement.setString(i++, entry.clientIp());
		statement.setString(i++, entry.userAgent());
		statement.setInt(i++, entry.messagesIn());
		statement.setInt(i++, entry.messagesOut());
		statement.setLong(i++, entry.bytesIn());
		statement.setLong(i++, entry.bytesOut());
		statement.setObject(i++, OffsetDateTime.ofInstant(entry.startedAt(), ZoneOffset.UTC));
		return i;
	}

	private void warn(String message, Object... arguments) {
		long now = System.nanoTime();
		long last = this.lastWarnNanos;
		if (now - last >= WARN_INTERVAL_NANOS) {
			this.lastWarnNanos = now;
			logger.warn(message, arguments);
		}
	}

	/**
	 * Stops accepting rows and writes what is left, for at most the shutdown timeout; rows
	 * that could not be written are counted as dropped.
	 */
	@Override
	public void close() {
		this.running = false;
		LockSupport.unpark(this.thread);
		try {
			this.thread.join(this.shutdownTimeout.toMillis() + 1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (this.thread.isAlive()) {
			this.thread.interrupt();
		}
		int left = 0;
		while (this.queue.poll() != null) {
			this.queued.decrementAndGet();
			this.dropped.increment();
			left++;
		}
		if (left > 0) {
			logger.warn("Request log: {} rows not written at shutdown, counted as dropped", left);
		}
	}

	/**
	 * The writer's counters, taken together.
	 *
	 * @param accepted rows handed to the writer
	 * @param written rows in the database
	 * @param dropped rows given up (queue full, or not written at shutdown)
	 * @param pending rows in memory, queued or being written
	 */
	public record Counts(long accepted, long written, long dropped, long pending) {

	}

}
