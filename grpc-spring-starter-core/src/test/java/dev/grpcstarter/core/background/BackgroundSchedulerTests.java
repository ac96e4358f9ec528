package dev.grpcstarter.core.background;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class BackgroundSchedulerTests {

	private final BackgroundScheduler scheduler = new BackgroundScheduler();

	@AfterEach
	void stop() {
		this.scheduler.stop();
	}

	@Test
	void whenNotStartedThenNothingCanBeScheduled() {
		assertThat(this.scheduler.isRunning()).isFalse();
		assertThatIllegalStateException()
			.isThrownBy(() -> this.scheduler.scheduleWithFixedDelay("chore", Duration.ZERO, Duration.ofMillis(1), () -> {
			}))
			.withMessageContaining("chore");
	}

	@Test
	void whenAChoreFailsThenItRunsAgainOnTheSchedulersThread() throws Exception {
		this.scheduler.start();
		AtomicInteger runs = new AtomicInteger();
		AtomicReference<Thread> thread = new AtomicReference<>();
		CountDownLatch secondRun = new CountDownLatch(1);
		this.scheduler.scheduleWithFixedDelay("failing chore", Duration.ZERO, Duration.ofMillis(5), () -> {
			thread.set(Thread.currentThread());
			if (runs.incrementAndGet() == 1) {
				throw new IllegalStateException("first run fails");
			}
			secondRun.countDown();
		});
		assertThat(secondRun.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(thread.get().getName()).startsWith(BackgroundScheduler.THREAD_NAME_PREFIX);
		assertThat(thread.get().isDaemon()).isTrue();
	}

	@Test
	void whenStoppedThenChoresAreCancelledAndTheThreadsHaveEnded() throws Exception {
		this.scheduler.start();
		AtomicReference<Thread> thread = new AtomicReference<>();
		CountDownLatch ran = new CountDownLatch(1);
		ScheduledFuture<?> chore = this.scheduler.scheduleWithFixedDelay("chore", Duration.ZERO,
				Duration.ofMillis(5), () -> {
					thread.set(Thread.currentThread());
					ran.countDown();
				});
		assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
		this.scheduler.stop();
		assertThat(this.scheduler.isRunning()).isFalse();
		assertThat(chore.isCancelled()).isTrue();
		assertThat(thread.get().isAlive()).isFalse();
	}

	@Test
	void whenStartedAgainAfterAStopThenChoresRunAgain() throws Exception {
		this.scheduler.start();
		this.scheduler.stop();
		this.scheduler.start();
		CountDownLatch ran = new CountDownLatch(1);
		this.scheduler.scheduleWithFixedDelay("chore", Duration.ZERO, Duration.ofMillis(5), ran::countDown);
		assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void whenAPeriodicTaskIsStartedThenItRunsOnTheSchedulerUntilStopped() throws Exception {
		this.scheduler.start();
		CountDownLatch runs = new CountDownLatch(2);
		AtomicReference<String> threadName = new AtomicReference<>();
		PeriodicTask task = new PeriodicTask(this.scheduler, "chore", Duration.ofMillis(5), () -> {
			threadName.set(Thread.currentThread().getName());
			runs.countDown();
		});
		assertThat(task.isRunning()).isFalse();
		task.start();
		assertThat(task.isRunning()).isTrue();
		assertThat(runs.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(threadName.get()).startsWith(BackgroundScheduler.THREAD_NAME_PREFIX);
		task.stop();
		assertThat(task.isRunning()).isFalse();
		assertThat(task.getPhase()).isGreaterThan(this.scheduler.getPhase()).isLessThan(BackgroundPhases.WEB_SERVER);
	}

}
