package dev.grpcstarter.core.background;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The one scheduler of the starter's periodic chores (key-usage flushes, heartbeats,
 * request-log retention, server-instance purge), independent of the application's own
 * scheduler. Its threads exist only between {@link #start()} and {@link #stop()}; chores
 * scheduled on it are what to run, their owners decide when to start and stop them. A
 * failing chore is logged and runs again next time.
 */
public final class BackgroundScheduler implements SmartLifecycle, AutoCloseable {

	/** The prefix of the scheduler's thread names. */
	public static final String THREAD_NAME_PREFIX = "grpc-starter-background-";

	private static final Logger logger = LoggerFactory.getLogger(BackgroundScheduler.class);

	/**
	 * Two threads, created as chores are scheduled: a long chore (retention deleting a large
	 * backlog) then never holds up heartbeats, which would make this instance look
	 * unresponsive to the others.
	 */
	private static final int THREADS = 2;

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

	private final Object monitor = new Object();

	private final AtomicInteger threadCount = new AtomicInteger();

	private final List<Thread> threads = new CopyOnWriteArrayList<>();

	private volatile @Nullable ScheduledThreadPoolExecutor executor;

	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.executor != null) {
				return;
			}
			ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(THREADS, this::newThread);
			executor.setRemoveOnCancelPolicy(true);
			executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
			executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
			this.executor = executor;
		}
	}

	private Thread newThread(Runnable runnable) {
		Thread thread = new Thread(runnable, THREAD_NAME_PREFIX + this.threadCount.incrementAndGet());
		thread.setDaemon(true);
		this.threads.add(thread);
		return thread;
	}

	/**
	 * Runs a chore at a fixed delay until its future is cancelled or the scheduler stops.
	 * @param name what the chore is, for the log
	 * @param initialDelay delay before the first run
	 * @param delay delay between the end of one run and the start of the next
	 * @param chore the chore
	 * @return the schedule, to cancel
	 * @throws IllegalStateException when the scheduler is not running
	 */
	public ScheduledFuture<?> scheduleWithFixedDelay(String name, Duration initialDelay, Duration delay,
			Runnable chore) {
		ScheduledThreadPoolExecutor executor = this.executor;
		if (executor == null) {
			throw new IllegalStateException("The background scheduler is not running; cannot schedule " + name);
		}
		return executor.scheduleWithFixedDelay(() -> {
			try {
				chore.run();
			}
			catch (RuntimeException ex) {
				logger.warn("{} failed, will retry: {}", name, ex.getMessage());
			}
		}, initialDelay.toMillis(), delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Cancels every chore, lets runs in progress finish (for a few seconds at most) and ends the threads. */
	@Override
	public void stop() {
		ScheduledThreadPoolExecutor executor;
		synchronized (this.monitor) {
			executor = this.executor;
			this.executor = null;
		}
		if (executor == null) {
			return;
		}
		executor.shutdown();
		long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
		try {
			if (!executor.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("Background chores still running after {}; interrupting them", STOP_TIMEOUT);
				executor.shutdownNow();
			}
			// Terminated means no task runs; the threads may still be on their way out.
			for (Thread thread : this.threads) {
				thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
			}
		}
		catch (InterruptedException ex) {
			executor.shutdownNow();
			Thread.currentThread().interrupt();
		}
		this.threads.removeIf((thread) -> !thread.isAlive());
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	@Override
	public int getPhase() {
		return BackgroundPhases.SCHEDULER;
	}

	/** Same as {@link #stop()}, for use outside an application context. */
	@Override
	public void close() {
		stop();
	}

}
