package dev.grpcstarter.it;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.grpcstarter.core.requestlog.RequestLogEntry;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import dev.grpcstarter.core.requestlog.RequestStatus;
import dev.grpcstarter.core.schema.GrpcStarterSchemaMigration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finishing calls pause while the writer is behind a reachable database, and never while
 * the database fails.
 */
class RequestLogBackPressureTests {

	private static final int CAPACITY = 100;

	private static final int BATCH = 10;

	private final SingleConnectionDataSource database = new SingleConnectionDataSource(
			"jdbc:h2:mem:back-pressure-" + UUID.randomUUID(), "sa", "", true);

	private final CountDownLatch insertStarted = new CountDownLatch(1);

	private final CountDownLatch release = new CountDownLatch(1);

	private volatile boolean failInserts;

	private RequestLogWriter writer;

	@AfterEach
	void close() {
		this.release.countDown();
		if (this.writer != null) {
			this.writer.close();
		}
		this.database.destroy();
	}

	@Test
	void whenTheWriterIsBehindAReachableDatabaseThenCallsBeyondHalfTheQueuePause() throws Exception {
		start(true);
		fillWhileTheFirstBatchIsBeingWritten();
		assertThat(this.writer.slowedCalls()).isEqualTo(10);
		this.release.countDown();
		assertThat(this.writer.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(this.writer.counts().written()).isEqualTo(BATCH + 60);
		assertThat(this.writer.counts().dropped()).isZero();
	}

	@Test
	void whenSlowingCallsIsOffThenNoCallPauses() throws Exception {
		start(false);
		fillWhileTheFirstBatchIsBeingWritten();
		assertThat(this.writer.slowedCalls()).isZero();
	}

	@Test
	void whenTheDatabaseFailsThenNoCallPauses() throws Exception {
		this.failInserts = true;
		start(true);
		fillWhileTheFirstBatchIsBeingWritten();
		assertThat(this.writer.slowedCalls()).isZero();
		assertThat(this.writer.counts().written()).isZero();
	}

	private void start(boolean slowCalls) {
		new GrpcStarterSchemaMigration(this.database).migrate();
		// Only a full batch wakes the writer: with a short flush interval a slow test thread would
		// hand the first write a partial batch and leave more rows queued than the test counts on.
		this.writer = new RequestLogWriter(new JdbcTemplate(observed(this.database)), CAPACITY, BATCH,
				Duration.ofMinutes(1), Duration.ofSeconds(1));
		this.writer.slowCallsWhenBehind(slowCalls);
		this.writer.start();
	}

	/** One full batch goes to the database and hangs or fails there; then 60 rows queue up. */
	private void fillWhileTheFirstBatchIsBeingWritten() throws InterruptedException {
		for (int i = 0; i < BATCH; i++) {
			this.writer.accept(row(i));
		}
		assertThat(this.insertStarted.await(10, TimeUnit.SECONDS)).isTrue();
		Thread.sleep(50);
		for (int i = 0; i < 60; i++) {
			this.writer.accept(row(BATCH + i));
		}
	}

	private static RequestLogEntry row(int i) {
		return new RequestLogEntry(null, "row-" + i, "instance", "pressure.v1.P", "M", "unary", RequestStatus.SUCCESS,
				"OK", null, i, null, null, false, null, null, 1, 1, 1, 1, Instant.now());
	}

	/** The database with every insert into the request log held until released, or failing. */
	private DataSource observed(DataSource target) {
		return new DelegatingDataSource(target) {
			@Override
			public Connection getConnection() throws SQLException {
				Connection connection = super.getConnection();
				return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
						new Class<?>[] { Connection.class }, (proxy, method, args) -> {
							if (method.getName().equals("prepareStatement")
									&& ((String) args[0]).startsWith("insert into grpc_request_log")) {
								RequestLogBackPressureTests.this.insertStarted.countDown();
								if (RequestLogBackPressureTests.this.failInserts) {
									throw new SQLTransientConnectionException("database unreachable");
								}
								RequestLogBackPressureTests.this.release.await(10, TimeUnit.SECONDS);
							}
							try {
								return method.invoke(connection, args);
							}
							catch (InvocationTargetException ex) {
								throw ex.getCause();
							}
						});
			}
		};
	}

}
