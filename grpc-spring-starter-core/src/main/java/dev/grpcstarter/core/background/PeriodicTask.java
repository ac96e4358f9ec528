package dev.grpcstarter.core.background;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one database chore on its own daemon thread at a fixed delay, independent of the
 * application's scheduler. A failure is logged and the chore runs again next time.
 */
public final class PeriodicTask implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(PeriodicTask.class);

	private final ScheduledExecutorService scheduler;

	/**
	 * Starts a chore.
	 * @param name the thread name
	 * @param initialDelay delay before the first run
	 * @param delay delay between the end of one run and the start of the next
	 * @param task the chore
	 */
	public PeriodicTask(String name, Duration initialDelay, Duration delay, Runnable task) {
		this.scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler.scheduleWithFixedDelay(() -> {
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				logger.warn("{} failed, will retry: {}", name, ex.getMessage());
			}
		}, initialDelay.toMillis(), delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Stops the chore; a run in progress finishes. */
	@Override
	public void close() {
		this.scheduler.shutdown();
		try {
			this.scheduler.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
