package dev.grpcstarter.core.background;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * A database chore run on the {@link BackgroundScheduler} every interval (the first run one
 * interval after the start unless told otherwise) while the application context runs. A
 * failure is logged and the chore runs again next time.
 */
public final class PeriodicTask implements SmartLifecycle {

	private final BackgroundScheduler scheduler;

	private final String name;

	private final Duration initialDelay;

	private final Duration interval;

	private final Runnable chore;

	private volatile @Nullable ScheduledFuture<?> schedule;

	/**
	 * A chore, run once started.
	 * @param scheduler the scheduler to run it on
	 * @param name what the chore is, for the log
	 * @param interval delay between the end of one run and the start of the next
	 * @param chore the chore
	 */
	public PeriodicTask(BackgroundScheduler scheduler, String name, Duration interval, Runnable chore) {
		this(scheduler, name, interval, interval, chore);
	}

	/**
	 * A chore, run once started, the first time after the given delay.
	 * @param scheduler the scheduler to run it on
	 * @param name what the chore is, for the log
	 * @param initialDelay delay between the start and the first run; zero to run at once
	 * @param interval delay between the end of one run and the start of the next
	 * @param chore the chore
	 */
	public PeriodicTask(BackgroundScheduler scheduler, String name, Duration initialDelay, Duration interval,
			Runnable chore) {
		Assert.isTrue(!initialDelay.isNegative(),
				() -> name + ": the initial delay must not be negative, was " + initialDelay);
		Assert.isTrue(!interval.isNegative() && !interval.isZero(), () -> name + ": the interval must be positive, was " + interval);
		this.scheduler = scheduler;
		this.name = name;
		this.initialDelay = initialDelay;
		this.interval = interval;
		this.chore = chore;
	}

	@Override
	public synchronized void start() {
		if (this.schedule == null) {
			this.schedule = this.scheduler.scheduleWithFixedDelay(this.name, this.initialDelay, this.interval,
					this.chore);
		}
	}

	/** Cancels the chore; a run in progress finishes. */
	@Override
	public synchronized void stop() {
		ScheduledFuture<?> schedule = this.schedule;
		this.schedule = null;
		if (schedule != null) {
			schedule.cancel(false);
		}
	}

	@Override
	public boolean isRunning() {
		return this.schedule != null;
	}

	@Override
	public int getPhase() {
		return BackgroundPhases.WORK;
	}

}
