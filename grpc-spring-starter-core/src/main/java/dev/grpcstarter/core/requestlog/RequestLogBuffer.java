package dev.grpcstarter.core.requestlog;

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

/**
 * The rows between the calls that finish and the writer that stores them: a bounded,
 * lock-free queue with its accounting ({@code accepted = written + dropped + pending}
 * whenever no row is being handed over), dropping of the oldest row past the capacity, and
 * back-pressure (finishing calls pause briefly while the writer is behind a database that
 * answers). Calls only ever {@link #add}; the one writer thread takes batches and settles
 * them.
 */
final class RequestLogBuffer {

	private static final Logger logger = LoggerFactory.getLogger(RequestLogWriter.class);

	private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

	private static final long MIN_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(20);

	private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private static final long STALLED_WRITE_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final int capacity;

	private final int batchSize;

	/**
	 * Rows waiting for the writer. Lock-free: every finishing call adds to it, and with a lock
	 * the calls queued up behind the writer taking a large batch (measured: a third of the
	 * throughput of a busy two-core server went to waiting and waking threads).
	 */
	private final ConcurrentLinkedQueue<RequestLogEntry> queue = new ConcurrentLinkedQueue<>();

	/** Rows in {@link #queue}; decremented only after the writer counts them as in flight. */
	private final AtomicInteger queued = new AtomicInteger();

	private final LongAdder accepted = new LongAdder();

	private final AtomicLong written = new AtomicLong();

	private final LongAdder dropped = new LongAdder();

	private final LongAdder slowed = new LongAdder();

	/** Rows taken by the writer and not yet settled as written or dropped. */
	private volatile int inFlight;

	/** The writer thread, woken when a batch is full; none before the writer starts. */
	private volatile @Nullable Thread drainer;

	/** Set when the writer stops: rows are then counted as dropped instead of queued. */
	private volatile boolean closed;

	private volatile long lastDropNanos;

	private volatile boolean dropping;

	/** Queued rows above which finishing calls pause, or MAX_VALUE for never. */
	private volatile int backPressureThreshold = Integer.MAX_VALUE;

	/** Whether the last write attempt succeeded: calls are slowed for a busy database only, never for a dead one. */
	private volatile boolean databaseReachable = true;

	/** When the write under way started, 0 when none is. */
	private volatile long writeStartedNanos;

	private volatile long lastWarnNanos = System.nanoTime() - WARN_INTERVAL_NANOS;

	RequestLogBuffer(int capacity, int batchSize) {
		this.capacity = capacity;
		this.batchSize = batchSize;
	}

	/**
	 * Adds the row of a finished call. Never blocks, but pauses briefly when the writer is
	 * behind and calls are to be slowed then.
	 */
	void add(RequestLogEntry entry) {
		this.accepted.increment();
		if (this.closed) {
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
			LockSupport.unpark(this.drainer);
		}
		if (size > this.backPressureThreshold && isDatabaseResponsive()) {
			slowDown(size);
		}
		if (this.closed && this.queue.remove(entry)) {
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

	private void dropOldest() {
		if (this.queue.poll() == null) {
			return;
		}
		this.queued.decrementAndGet();
		this.dropped.increment();
		long now = System.nanoTime();
		this.lastDropNanos = now;
		this.dropping = true;
		if (now - this.lastWarnNanos >= WARN_INTERVAL_NANOS) {
			this.lastWarnNanos = now;
			logger.warn("Request log queue is full ({} rows): dropping the oldest rows; {} dropped so far",
					this.capacity, this.dropped.sum());
		}
	}

	void slowCallsWhenBehind(boolean enabled) {
		this.backPressureThreshold = enabled ? this.capacity / 2 : Integer.MAX_VALUE;
	}

	/** The writer thread starts draining: rows are accepted again, and full batches wake it. */
	void open(Thread drainer) {
		this.drainer = drainer;
		this.closed = false;
	}

	/** The writer stops: rows added from now on are counted as dropped. */
	void close() {
		this.closed = true;
	}

	boolean isClosed() {
		return this.closed;
	}

	/**
	 * Takes the next batch off the queue and counts it as in flight.
	 * @param limit rows at most
	 * @return the rows, possibly none
	 */
	List<RequestLogEntry> take(int limit) {
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

	/** A write of the batch in flight begins; while it hangs for long, no call is slowed. */
	void writeStarted(long nanos) {
		this.writeStartedNanos = nanos;
	}

	/** The write under way returned or threw. */
	void writeEnded() {
		this.writeStartedNanos = 0;
	}

	/** A write failed: no call is slowed until one succeeds. */
	void writeFailed() {
		this.databaseReachable = false;
	}

	/**
	 * Settles the batch in flight.
	 * @param writtenRows rows now in the database
	 * @param droppedRows rows given up
	 */
	void settle(int writtenRows, int droppedRows) {
		if (writtenRows > 0) {
			this.databaseReachable = true;
		}
		this.written.addAndGet(writtenRows);
		this.dropped.add(droppedRows);
		this.inFlight = 0;
	}

	/**
	 * Counts every row still queued as dropped; once closed and the writer is gone.
	 * @return how many
	 */
	int dropQueued() {
		int left = 0;
		while (this.queue.poll() != null) {
			this.queued.decrementAndGet();
			this.dropped.increment();
			left++;
		}
		return left;
	}

	int queued() {
		return this.queued.get();
	}

	boolean isEmpty() {
		return this.queue.isEmpty();
	}

	/** Rows in memory, queued or being written. */
	int pending() {
		return this.queued.get() + this.inFlight;
	}

	long accepted() {
		return this.accepted.sum();
	}

	long written() {
		return this.written.get();
	}

	long dropped() {
		return this.dropped.sum();
	}

	long slowed() {
		return this.slowed.sum();
	}

	/** Whether rows were dropped within the last minute. */
	boolean isDropping() {
		return this.dropping && System.nanoTime() - this.lastDropNanos < TimeUnit.MINUTES.toNanos(1);
	}

}
