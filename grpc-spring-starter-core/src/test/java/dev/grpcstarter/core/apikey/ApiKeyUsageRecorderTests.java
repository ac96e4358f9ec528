package dev.grpcstarter.core.apikey;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.grpcstarter.core.background.BackgroundScheduler;
import dev.grpcstarter.core.call.ExcludedMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The recorder flushes on the shared scheduler while started and once more when stopped.
 */
class ApiKeyUsageRecorderTests {

	private final BackgroundScheduler scheduler = new BackgroundScheduler();

	private final JdbcTemplate jdbc = mock(JdbcTemplate.class);

	/** Per batch written: the thread that wrote it and the rows. */
	private final List<Flush> flushes = new CopyOnWriteArrayList<>();

	ApiKeyUsageRecorderTests() {
		given(this.jdbc.batchUpdate(anyString(), anyList())).willAnswer((invocation) -> {
			List<Object[]> rows = invocation.getArgument(1);
			this.flushes.add(new Flush(Thread.currentThread().getName(), rows));
			return new int[rows.size()];
		});
		this.scheduler.start();
	}

	@AfterEach
	void stopScheduler() {
		this.scheduler.stop();
	}

	@Test
	void whenStartedThenCountsAreWrittenOnTheSharedScheduler() {
		ApiKeyUsageRecorder recorder = new ApiKeyUsageRecorder(this.jdbc, this.scheduler, Duration.ofMillis(10));
		recorder.record(7);
		assertThat(this.flushes).isEmpty();
		recorder.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.flushes.isEmpty());
		assertThat(this.flushes.get(0).thread()).startsWith(BackgroundScheduler.THREAD_NAME_PREFIX);
		assertThat(this.flushes.get(0).rows()).singleElement().satisfies((row) -> assertThat(row[0]).isEqualTo(1L));
		recorder.stop();
	}

	@Test
	void whenStoppedThenWhatIsLeftIsWrittenOnce() {
		ApiKeyUsageRecorder recorder = new ApiKeyUsageRecorder(this.jdbc, this.scheduler, Duration.ofHours(1));
		recorder.start();
		recorder.record(7);
		recorder.record(7);
		recorder.record(8);
		recorder.stop();
		assertThat(recorder.isRunning()).isFalse();
		assertThat(this.flushes).singleElement().satisfies((flush) -> {
			assertThat(flush.thread()).isEqualTo(Thread.currentThread().getName());
			assertThat(flush.rows()).extracting((row) -> row[3], (row) -> row[0])
				.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(7L, 2L),
						org.assertj.core.groups.Tuple.tuple(8L, 1L));
		});
		recorder.close();
		assertThat(this.flushes).hasSize(1);
	}

	@Test
	void whenAMethodIsExcludedThenItsCallsAreNotCounted() {
		ApiKeyUsageRecorder recorder = new ApiKeyUsageRecorder(this.jdbc, this.scheduler, Duration.ofHours(1),
				new ExcludedMethods(List.of("grpc.reflection.v1.ServerReflection/*", "grpc.health.v1.Health/*")));
		recorder.start();
		recorder.record(7, "grpc.reflection.v1.ServerReflection/ServerReflectionInfo");
		recorder.record(7, "grpc.health.v1.Health/Check");
		recorder.record(7, "demo.v1.Greeter/Hello");
		recorder.stop();
		assertThat(this.flushes).singleElement()
			.satisfies((flush) -> assertThat(flush.rows()).singleElement().satisfies((row) -> {
				assertThat(row[3]).isEqualTo(7L);
				assertThat(row[0]).isEqualTo(1L);
			}));
	}

	@Test
	void whenOnlyExcludedMethodsWereCalledThenNothingIsWritten() {
		ApiKeyUsageRecorder recorder = new ApiKeyUsageRecorder(this.jdbc, this.scheduler, Duration.ofHours(1),
				new ExcludedMethods(List.of("grpc.health.v1.Health/*")));
		recorder.record(7, "grpc.health.v1.Health/Check");
		assertThat(recorder.flush()).isZero();
		assertThat(this.flushes).isEmpty();
	}

	private record Flush(String thread, List<Object[]> rows) {

	}

}
