package dev.grpcstarter.core.requestlog;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.grpcstarter.core.background.BackgroundPhases;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.ClassUtils;

/**
 * Writes request-log rows off the call path: calls hand their rows to a bounded in-memory
 * {@link RequestLogBuffer}, drained by one thread in batches (on PostgreSQL with
 * {@code COPY}, elsewhere multi-row inserts, both laid out by {@link RequestLogTable}; one
 * round trip per batch), flushed when a batch is full or the flush interval has passed.
 *
 * <p>When the database is slow or down, the batch in hand is retried with backoff while
 * new rows keep queueing up to the capacity; past it the oldest queued row is dropped and
 * counted. A retry first checks whether the failed attempt committed after all, so a
 * batch is never written twice. While the database answers but the writer is behind (short
 * of CPU), finishing calls can be made to pause briefly instead ({@link #slowCallsWhenBehind}).
 * Whenever no row is being handed over, {@code accepted = written + dropped + pending}.
 *
 * <p>The thread exists from {@link #start()} to {@link #stop()}; rows accepted before the
 * start wait in the buffer. In an application context the writer stops in
 * {@link BackgroundPhases#WORK}, after the servers stopped taking calls, so the rows of
 * calls finished during their graceful shutdown are written too. On stop the writer
 * flushes for at most the shutdown timeout and counts what it could not write as dropped.
 */
public final class RequestLogWriter implements RequestLogSink, SmartLifecycle, AutoCloseable {

	/** The name of the writer thread. */
	public static final String THREAD_NAME = "grpc-request-log-writer";

	private static final Logger logger = LoggerFactory.getLogger(RequestLogWriter.class);

	private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

	private static final int COPY_BATCH_FACTOR = 20;

	private final JdbcTemplate jdbc;

	private final RequestLogBuffer buffer;

	private final int batchSize;

	private final Duration flushInterval;

	private final Duration shutdownTimeout;

	private final Object lifecycleMonitor = new Object();

	private volatile @Nullable Thread thread;

	/** Set by {@link #stop()}: write what is left, then end. */
	private volatile boolean stopping;

	private volatile RequestLogWriterMetrics.BatchTimer batchTimer = RequestLogWriterMetrics.BatchTimer.NONE;

	private volatile @Nullable Boolean copy;

	/** Made by the writer thread when it first copies: it keeps its encoding buffer. */
	private @Nullable PostgresCopy postgresCopy;

	private volatile long lastWarnNanos = System.nanoTime() - WARN_INTERVAL_NANOS;

	/**
	 * A writer; its thread starts with {@link #start()}.
	 * @param jdbc the database holding {@code grpc_request_log}
	 * @param capacity rows held in memory at most, besides the batch being written
	 * @param batchSize rows per insert
	 * @param flushInterval longest time a row waits for a full batch
	 * @param shutdownTimeout longest time {@link #stop()} spends writing what is left
	 */
	public RequestLogWriter(JdbcTemplate jdbc, int capacity, int batchSize, Duration flushInterval,
			Duration shutdownTimeout) {
		if (capacity < 1 || batchSize < 1 || batchSize > 1000) {
			throw new IllegalArgumentException(
					"grpc.request-log: queue-capacity must be at least 1 and batch-size between 1 and 1000");
		}
		this.jdbc = jdbc;
		this.buffer = new RequestLogBuffer(capacity, batchSize);
		this.batchSize = batchSize;
		this.flushInterval = flushInterval;
		this.shutdownTimeout = shutdownTimeout;
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
		this.buffer.add(entry);
	}

	/**
	 * Lets finishing calls pause while the queue is more than half full and the database is
	 * reachable, so a writer short of CPU catches up instead of dropping rows. Off until
	 * turned on; the auto-configuration turns it on unless
	 * {@code grpc.request-log.slow-calls-when-behind=false}.
	 * @param enabled whether to
	 */
	public void slowCallsWhenBehind(boolean enabled) {
		this.buffer.slowCallsWhenBehind(enabled);
	}

	/** @return how many calls paused because the writer was behind */
	public long slowedCalls() {
		return this.buffer.slowed();
	}

	/**
	 * The counters, read one after another without a lock: {@code accepted = written + dropped
	 * + pending} holds when no call hands a row over and the writer takes or settles no batch
	 * while they are read (for example once {@link #awaitIdle} returned); at other moments the
	 * sum can be off by the rows of the batch in hand.
	 * @return the counters
	 */
	public Counts counts() {
		long written = this.buffer.written();
		long pending = this.buffer.pending();
		return new Counts(this.buffer.accepted(), written, this.buffer.dropped(), pending);
	}

	/** @return whether rows were dropped within the last minute */
	public boolean isDropping() {
		return this.buffer.isDropping();
	}

	/** @return the number of rows held in memory, queued or being written */
	public int pending() {
		return this.buffer.pending();
	}

	/**
	 * Waits until every row accepted so far is written or dropped; for tests and shutdown.
	 * @param timeout how long to wait
	 * @return whether nothing is pending any more
	 */
	public boolean awaitIdle(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (this.buffer.pending() == 0) {
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

	/** Starts the writer thread; rows accepted before are written first. */
	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.thread != null) {
				return;
			}
			Thread thread = new Thread(this::run, THREAD_NAME);
			thread.setDaemon(true);
			this.stopping = false;
			this.buffer.open(thread);
			this.thread = thread;
			thread.start();
		}
	}

	/**
	 * Stops accepting rows and writes what is left, for at most the shutdown timeout; rows
	 * that could not be written are counted as dropped. The thread has ended on return.
	 */
	@Override
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			Thread thread = this.thread;
			if (thread == null) {
				return;
			}
			this.stopping = true;
			this.buffer.close();
			LockSupport.unpark(thread);
			try {
				thread.join(this.shutdownTimeout.toMillis() + 1000);
				if (thread.isAlive()) {
					thread.interrupt();
					thread.join(1000);
				}
			}
			catch (InterruptedException ex) {
				thread.interrupt();
				Thread.currentThread().interrupt();
			}
			this.thread = null;
			int left = this.buffer.dropQueued();
			if (left > 0) {
				logger.warn("Request log: {} rows not written at shutdown, counted as dropped", left);
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.thread != null;
	}

	@Override
	public int getPhase() {
		return BackgroundPhases.WORK;
	}

	/** Same as {@link #stop()}: also stops a writer whose context failed to start. */
	@Override
	public void close() {
		stop();
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

	/** The next batch, empty when the interval passed with nothing to write, null when stopped and drained. */
	private @Nullable List<RequestLogEntry> nextBatch() {
		long deadline = System.nanoTime() + this.flushInterval.toNanos();
		while (!this.stopping && this.buffer.queued() < this.batchSize) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				break;
			}
			LockSupport.parkNanos(this, left);
			if (Thread.interrupted()) {
				return null;
			}
		}
		if (this.stopping && this.buffer.isEmpty()) {
			return null;
		}
		// COPY costs one commit however many rows it carries: when the writer falls behind,
		// it takes everything queued (up to COPY_BATCH_FACTOR batches) in one go, so commit
		// latency no longer limits how many rows per second it stores.
		return this.buffer.take(Boolean.TRUE.equals(this.copy) ? this.batchSize * COPY_BATCH_FACTOR : this.batchSize);
	}

	private void writeWithRetry(List<RequestLogEntry> batch) {
		long backoffMillis = 100;
		long giveUpAt = Long.MAX_VALUE;
		boolean retry = false;
		while (true) {
			try {
				// A failed attempt may still have committed (the connection broke after the
				// commit): the batch is one statement, so one row tells whether it is there.
				if (retry && RequestLogTable.contains(this.jdbc, batch.get(0))) {
					this.buffer.settle(batch.size(), 0);
					return;
				}
				long start = System.nanoTime();
				this.buffer.writeStarted(start);
				try {
					write(batch);
				}
				finally {
					this.buffer.writeEnded();
				}
				this.batchTimer.record(System.nanoTime() - start);
				this.buffer.settle(batch.size(), 0);
				return;
			}
			catch (RuntimeException ex) {
				this.buffer.writeFailed();
				if (this.stopping) {
					giveUpAt = Math.min(giveUpAt, System.nanoTime() + this.shutdownTimeout.toNanos());
					if (System.nanoTime() >= giveUpAt) {
						this.buffer.settle(0, batch.size());
						logger.warn("Request log: could not write {} rows at shutdown, counted as dropped", batch.size());
						return;
					}
				}
				warn("Request log: cannot write to the database, retrying ({} rows buffered): {}",
						this.buffer.pending(), ex.getMessage());
				try {
					Thread.sleep(backoffMillis);
				}
				catch (InterruptedException interrupted) {
					this.buffer.settle(0, batch.size());
					return;
				}
				backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
				retry = true;
			}
		}
	}

	private void write(List<RequestLogEntry> batch) {
		if (usesCopy()) {
			PostgresCopy postgresCopy = this.postgresCopy;
			if (postgresCopy == null) {
				postgresCopy = new PostgresCopy();
				this.postgresCopy = postgresCopy;
			}
			postgresCopy.write(this.jdbc, batch);
		}
		else {
			RequestLogTable.insert(this.jdbc, batch);
		}
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

	private void warn(String message, Object... arguments) {
		long now = System.nanoTime();
		if (now - this.lastWarnNanos >= WARN_INTERVAL_NANOS) {
			this.lastWarnNanos = now;
			logger.warn(message, arguments);
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
