package dev.grpcstarter.core.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs API-key lookups off the call's thread, so that a database that is down or slow
 * never holds a call longer than a short timeout and never makes threads pile up.
 *
 * <ul>
 * <li>Lookups run on a small pool of this executor's own, with a bounded queue: at most
 * {@code threads} lookups hold a database connection at once; when the pool and its queue
 * are full a lookup fails at once.</li>
 * <li>Each lookup gets a deadline: past it the lookup fails and its thread is interrupted
 * (which ends a wait for a pooled connection).</li>
 * <li>A circuit breaker (Resilience4j) watches the outcomes: when too many recent lookups
 * failed it opens, and lookups fail at once without touching the database; after a wait
 * it lets one probe through, and closes again when the probe succeeds.</li>
 * </ul>
 *
 * A failed lookup completes its future exceptionally; {@link #isUnavailable(Throwable)}
 * tells a refusal of this executor from the lookup's own exception, both mean the
 * database could not answer in time.
 */
public final class KeyLookupExecutor implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(KeyLookupExecutor.class);

	private static final long FAILURE_LOG_INTERVAL_MILLIS = 10_000;

	static final LookupRefusedException CIRCUIT_OPEN = new LookupRefusedException(
			"API key lookups refused: the database is considered unreachable (circuit breaker open)");

	static final LookupRefusedException BUSY = new LookupRefusedException(
			"API key lookups refused: every lookup thread is busy and the queue is full");

	static final LookupRefusedException TIMED_OUT = new LookupRefusedException("API key lookup timed out");

	private final CircuitBreaker circuitBreaker;

	private final Duration timeout;

	private final ThreadPoolExecutor workers;

	private final ScheduledThreadPoolExecutor deadlines;

	private final AtomicLong lastFailureLog = new AtomicLong();

	/**
	 * An executor.
	 * @param circuitBreaker the breaker watching the lookups; its state transitions are
	 * logged (opening as a warning, closing as information)
	 * @param timeout how long a lookup may take
	 * @param threads the most lookups running at once
	 * @param queueCapacity the most lookups waiting for a thread
	 */
	public KeyLookupExecutor(CircuitBreaker circuitBreaker, Duration timeout, int threads, int queueCapacity) {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("lookup timeout must be positive");
		}
		if (threads < 1 || queueCapacity < 1) {
			throw new IllegalArgumentException("lookup threads and queue capacity must be at least 1");
		}
		this.circuitBreaker = circuitBreaker;
		this.timeout = timeout;
		this.workers = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(queueCapacity), daemonThreads("grpc-key-lookup-"),
				new ThreadPoolExecutor.AbortPolicy());
		this.workers.allowCoreThreadTimeOut(true);
		this.deadlines = new ScheduledThreadPoolExecutor(1, daemonThreads("grpc-key-lookup-deadline-"));
		this.deadlines.setRemoveOnCancelPolicy(true);
		circuitBreaker.getEventPublisher().onStateTransition(this::logTransition);
	}

	/**
	 * A circuit breaker for key lookups: open when at least half of the last
	 * {@code slidingWindowSize} lookups failed (judged once {@code minimumNumberOfCalls}
	 * were made), one probe after {@code waitDurationInOpenState}.
	 * @param failureRateThreshold the failure rate, in percent, that opens the breaker
	 * @param slidingWindowSize how many recent lookups the rate is computed over
	 * @param minimumNumberOfCalls how many lookups are needed before the rate is judged
	 * @param waitDurationInOpenState how long the breaker refuses lookups before a probe
	 * @return the breaker, named {@code grpc-api-key-lookup}
	 */
	public static CircuitBreaker circuitBreaker(float failureRateThreshold, int slidingWindowSize,
			int minimumNumberOfCalls, Duration waitDurationInOpenState) {
		return circuitBreaker(failureRateThreshold, slidingWindowSize, minimumNumberOfCalls, waitDurationInOpenState,
				Clock.systemUTC());
	}

	static CircuitBreaker circuitBreaker(float failureRateThreshold, int slidingWindowSize, int minimumNumberOfCalls,
			Duration waitDurationInOpenState, Clock clock) {
		return CircuitBreaker.of("grpc-api-key-lookup", CircuitBreakerConfig.custom()
			.clock(clock)
			.slidingWindow(slidingWindowSize, minimumNumberOfCalls, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.failureRateThreshold(failureRateThreshold)
			.waitDurationInOpenState(waitDurationInOpenState)
			.permittedNumberOfCallsInHalfOpenState(1)
			.writableStackTraceEnabled(false)
			.build());
	}

	/**
	 * Starts a lookup, or refuses it at once while the breaker is open or the pool full.
	 * @param <T> the lookup's result
	 * @param lookup the lookup
	 * @return its result, completed within the timeout (plus scheduling)
	 */
	public <T> CompletableFuture<T> submit(Callable<T> lookup) {
		CompletableFuture<T> result = new CompletableFuture<>();
		if (!this.circuitBreaker.tryAcquirePermission()) {
			result.completeExceptionally(CIRCUIT_OPEN);
			return result;
		}
		LookupTask<T> task = new LookupTask<>(lookup, result);
		try {
			this.workers.execute(task);
		}
		catch (RejectedExecutionException ex) {
			// A full pool says the lookups are slow, which the timeouts already record;
			// counting refusals as well would open the breaker on a mere burst.
			this.circuitBreaker.releasePermission();
			result.completeExceptionally(BUSY);
			return result;
		}
		try {
			task.deadline = this.deadlines.schedule(task::timeOut, this.timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// closed while submitting: the application is stopping
			task.timeOut();
			return result;
		}
		if (task.isDone()) {
			task.deadline.cancel(false);
		}
		return result;
	}

	/**
	 * How long a lookup may take.
	 * @return the timeout
	 */
	public Duration timeout() {
		return this.timeout;
	}

	/**
	 * The breaker watching the lookups, to read its state or metrics.
	 * @return the breaker
	 */
	public CircuitBreaker circuitBreaker() {
		return this.circuitBreaker;
	}

	/**
	 * Whether a failure is this executor's refusal (breaker open, pool full, timed out)
	 * rather than an exception of the lookup itself.
	 * @param failure the failure
	 * @return whether it is a refusal
	 */
	public static boolean isUnavailable(Throwable failure) {
		return failure instanceof LookupRefusedException;
	}

	@Override
	public void close() {
		this.deadlines.shutdownNow();
		this.workers.shutdownNow();
	}

	private void recordFailure(long nanos, Throwable failure) {
		this.circuitBreaker.onError(nanos, TimeUnit.NANOSECONDS, failure);
		long now = System.currentTimeMillis();
		long last = this.lastFailureLog.get();
		if (now - last >= FAILURE_LOG_INTERVAL_MILLIS && this.lastFailureLog.compareAndSet(last, now)) {
			if (failure == TIMED_OUT) {
				logger.warn("An API key lookup took longer than {}: the database is slow or unreachable", this.timeout);
			}
			else {
				logger.warn("An API key lookup failed: the database cannot answer", failure);
			}
		}
	}

	private void logTransition(CircuitBreakerOnStateTransitionEvent event) {
		CircuitBreaker.StateTransition transition = event.getStateTransition();
		switch (transition) {
			case CLOSED_TO_OPEN -> logger.warn("API key lookups keep failing (failure rate {}%): the database is"
					+ " considered unreachable; lookups are refused at once (uncached keys get UNAVAILABLE,"
					+ " cached keys are accepted from their last verified state) and probed every {}",
					this.circuitBreaker.getMetrics().getFailureRate(),
					Duration.ofMillis(
							this.circuitBreaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1)));
			case HALF_OPEN_TO_CLOSED ->
				logger.info("API key lookups succeed again: the database answers, circuit breaker closed");
			default -> logger.debug("API key lookup circuit breaker: {}", transition);
		}
	}

	private static ThreadFactory daemonThreads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * One lookup: reports its outcome to the breaker exactly once, when it completes,
	 * fails or is cancelled at its deadline.
	 */
	private final class LookupTask<T> extends FutureTask<T> {

		private final CompletableFuture<T> result;

		private final long startNanos = System.nanoTime();

		volatile @Nullable Future<?> deadline;

		LookupTask(Callable<T> lookup, CompletableFuture<T> result) {
			super(lookup);
			this.result = result;
		}

		void timeOut() {
			// Interrupting ends a wait for a pooled connection; a thread stuck in socket
			// I/O stays busy, but its pool is bounded.
			cancel(true);
		}

		@Override
		protected void done() {
			Future<?> scheduled = this.deadline;
			if (scheduled != null) {
				scheduled.cancel(false);
			}
			long nanos = System.nanoTime() - this.startNanos;
			if (isCancelled()) {
				recordFailure(nanos, TIMED_OUT);
				this.result.completeExceptionally(TIMED_OUT);
				return;
			}
			T value;
			try {
				value = get();
			}
			catch (ExecutionException ex) {
				Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
				recordFailure(nanos, cause);
				this.result.completeExceptionally(cause);
				return;
			}
			catch (InterruptedException ex) {
				// get() of a completed task does not wait
				Thread.currentThread().interrupt();
				recordFailure(nanos, ex);
				this.result.completeExceptionally(ex);
				return;
			}
			KeyLookupExecutor.this.circuitBreaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
			this.result.complete(value);
		}

	}

	/**
	 * A lookup the executor refused or gave up; no stack trace, it is not a bug.
	 */
	static final class LookupRefusedException extends RuntimeException {

		LookupRefusedException(String message) {
			super(message, null, false, false);
		}

	}

}
