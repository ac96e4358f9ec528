package dev.grpcstarter.test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import dev.grpcstarter.core.requestlog.RequestLogEntry;
import dev.grpcstarter.core.requestlog.RequestLogFilter;
import dev.grpcstarter.core.requestlog.RequestLogSearch;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import dev.grpcstarter.test.GrpcTestClient.SentCall;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The request-log rows of calls made through a {@link GrpcTestClient}. The server writes a
 * call's row in a batch after the call's stream closed, which can be after the client saw
 * the call end: every {@code await} method waits for the row, up to a timeout (10 seconds
 * unless {@link #withTimeout(Duration) set}), and fails the test when it does not come.
 */
public final class TestRequestLog {

	private static final Duration POLL_INTERVAL = Duration.ofMillis(10);

	private final RequestLogWriter writer;

	private final RequestLogSearch search;

	private final JdbcTemplate jdbc;

	private final SentCalls calls;

	private final Duration timeout;

	private TestRequestLog(RequestLogWriter writer, RequestLogSearch search, JdbcTemplate jdbc, SentCalls calls,
			Duration timeout) {
		this.writer = writer;
		this.search = search;
		this.jdbc = jdbc;
		this.calls = calls;
		this.timeout = timeout;
	}

	static TestRequestLog of(@Nullable RequestLogWriter writer, @Nullable RequestLogSearch search,
			@Nullable DataSource dataSource, SentCalls calls) {
		if (writer == null || search == null || dataSource == null) {
			throw new IllegalStateException(
					"No request log in this application (grpc.request-log.enabled=false, or no database)");
		}
		return new TestRequestLog(writer, search, new JdbcTemplate(dataSource), calls, Duration.ofSeconds(10));
	}

	/**
	 * The same request log, waiting at most the given time for a row.
	 * @param timeout the longest wait
	 * @return the request log
	 */
	public TestRequestLog withTimeout(Duration timeout) {
		return new TestRequestLog(this.writer, this.search, this.jdbc, this.calls, timeout);
	}

	/**
	 * Waits for the row of the latest call of a method made through the test client.
	 * @param fullMethodName {@code package.Service/Method}
	 * @return the row
	 * @throws AssertionError when no call of the method was made, or its row is not
	 * written in time
	 */
	public RequestLogEntry awaitCall(String fullMethodName) {
		SentCall call = this.calls.latest(fullMethodName);
		if (call == null) {
			throw new AssertionError("No call of " + fullMethodName + " was made through the GrpcTestClient");
		}
		return awaitRow(call.requestId());
	}

	/**
	 * Waits for the row of the latest call made through the test client.
	 * @return the row
	 * @throws AssertionError when no call was made, or its row is not written in time
	 */
	public RequestLogEntry awaitLastCall() {
		SentCall call = this.calls.latest(null);
		if (call == null) {
			throw new AssertionError("No call was made through the GrpcTestClient");
		}
		return awaitRow(call.requestId());
	}

	/**
	 * Waits for the row of a request id, also of a call made by another client that sent
	 * its own {@code x-request-id}.
	 * @param requestId the request id
	 * @return the row
	 * @throws AssertionError when the row is not written in time
	 */
	public RequestLogEntry awaitRow(String requestId) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		while (true) {
			Optional<RequestLogEntry> row = find(requestId);
			if (row.isPresent()) {
				return row.get();
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				throw new AssertionError("No request-log row for request id " + requestId + " within "
						+ this.timeout + ": is the method excluded (grpc.request-log.excluded-methods), "
						+ "or are only errors or a sample logged?");
			}
			// The row may not be accepted yet (the stream closes after the client saw
			// the end); once it is, waiting for the writer to go idle is waiting for it.
			if (this.writer.pending() > 0) {
				this.writer.awaitIdle(Duration.ofNanos(left));
			}
			else {
				pause();
			}
		}
	}

	/**
	 * The rows of a key's calls written so far, newest first, at most 500.
	 * @param key the key
	 * @return the rows
	 */
	public List<RequestLogEntry> rowsOf(TestApiKey key) {
		return this.search.find(RequestLogFilter.forApiKey(key.id()), null, 500).rows();
	}

	private Optional<RequestLogEntry> find(String requestId) {
		List<Long> ids = this.jdbc.queryForList(
				"select id from grpc_request_log where request_id = ? order by id desc", Long.class, requestId);
		return ids.isEmpty() ? Optional.empty() : this.search.findById(ids.get(0));
	}

	private static void pause() {
		try {
			Thread.sleep(POLL_INTERVAL.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for a request-log row", ex);
		}
	}

}
