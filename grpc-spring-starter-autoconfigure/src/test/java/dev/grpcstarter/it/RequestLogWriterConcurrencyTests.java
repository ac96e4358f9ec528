package dev.grpcstarter.it;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import dev.grpcstarter.core.requestlog.RequestLogEntry;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import dev.grpcstarter.core.requestlog.RequestStatus;
import dev.grpcstarter.core.schema.GrpcStarterSchemaMigration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads handing rows to one writer at once, as finishing calls do: every row is
 * written once or counted as dropped, never both, never lost.
 */
class RequestLogWriterConcurrencyTests {

	private static final int THREADS = 8;

	private static final int ROWS_PER_THREAD = 5_000;

	@ParameterizedTest
	@ValueSource(ints = { 100_000, 20 })
	void whenManyThreadsAddRowsAtOnceThenEveryRowIsWrittenOrCountedAsDropped(int capacity) throws Exception {
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(
				"jdbc:h2:mem:concurrency-" + UUID.randomUUID(), "sa", "", true);
		try {
			new GrpcStarterSchemaMigration(dataSource).migrate();
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			RequestLogWriter writer = new RequestLogWriter(jdbc, capacity, 100, Duration.ofMillis(10),
					Duration.ofSeconds(10));
			writer.start();
			CountDownLatch start = new CountDownLatch(1);
			List<Thread> threads = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				String requestId = "thread-" + t;
				Thread thread = new Thread(() -> {
					awaitQuietly(start);
					for (int i = 0; i < ROWS_PER_THREAD; i++) {
						writer.accept(new RequestLogEntry(null, requestId, "instance", "concurrency.v1.C", "M", "unary",
								RequestStatus.SUCCESS, "OK", null, i, null, null, false, null, null, 1, 1, 1, 1,
								Instant.now()));
					}
				});
				thread.start();
				threads.add(thread);
			}
			start.countDown();
			for (Thread thread : threads) {
				thread.join();
			}
			assertThat(writer.awaitIdle(Duration.ofSeconds(30))).isTrue();
			RequestLogWriter.Counts counts = writer.counts();
			long rows = jdbc.queryForObject("select count(*) from grpc_request_log", Long.class);
			assertThat(counts.accepted()).isEqualTo(THREADS * ROWS_PER_THREAD);
			assertThat(counts.pending()).isZero();
			assertThat(counts.written()).isEqualTo(rows);
			assertThat(counts.written() + counts.dropped()).isEqualTo(counts.accepted());
			if (capacity >= THREADS * ROWS_PER_THREAD) {
				assertThat(counts.dropped()).isZero();
			}
			writer.close();
		}
		finally {
			dataSource.destroy();
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
