package dev.grpcstarter.core.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.grpcstarter.core.background.BackgroundScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Heartbeats run on the shared scheduler from RUNNING until STOPPED.
 */
class ServerInstanceRecorderTests {

	private final BackgroundScheduler scheduler = new BackgroundScheduler();

	private final ServerInstanceStore store = mock(ServerInstanceStore.class);

	private final List<String> heartbeatThreads = new CopyOnWriteArrayList<>();

	@AfterEach
	void stopScheduler() {
		this.scheduler.stop();
	}

	@Test
	void whenRunningThenHeartbeatsRunOnTheSharedSchedulerUntilStopped() {
		given(this.store.heartbeat(anyString(), any(Instant.class))).willAnswer((invocation) -> {
			this.heartbeatThreads.add(Thread.currentThread().getName());
			return true;
		});
		this.scheduler.start();
		ServerInstanceRecorder recorder = new ServerInstanceRecorder(this.store,
				new InstanceIdentity("host", 1, Instant.now(), 50051), Duration.ofSeconds(1), Clock.systemUTC(),
				this.scheduler);
		recorder.starting(null, 50051, "{}");
		recorder.running(null, 50051, "[]");
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.heartbeatThreads.isEmpty());
		assertThat(this.heartbeatThreads).allSatisfy(
				(thread) -> assertThat(thread).startsWith(BackgroundScheduler.THREAD_NAME_PREFIX));
		recorder.stopped();
		assertThat(recorder.status()).isEqualTo(InstanceStatus.STOPPED);
		// A heartbeat due after STOPPED writes nothing.
		int before = this.heartbeatThreads.size();
		recorder.heartbeat();
		assertThat(this.heartbeatThreads).hasSize(before);
	}

}
