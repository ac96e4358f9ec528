package dev.grpcstarter.it;

import java.time.Duration;
import java.util.List;

import dev.grpcstarter.core.requestlog.RequestLogEntry;
import dev.grpcstarter.core.requestlog.RequestLogSearch;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import org.awaitility.Awaitility;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request-log rows of calls, read back from the database. The server records a call
 * when its stream closes, which may be just after the client saw the call end, so every
 * read waits for the rows.
 */
final class RequestLogRows {

	private final JdbcTemplate jdbc;

	private final RequestLogSearch search;

	private final RequestLogWriter writer;

	RequestLogRows(JdbcTemplate jdbc, RequestLogSearch search, RequestLogWriter writer) {
		this.jdbc = jdbc;
		this.search = search;
		this.writer = writer;
	}

	/**
	 * Waits until the request has exactly one row.
	 * @param requestId the request id
	 * @return the row
	 */
	RequestLogEntry awaitOne(String requestId) {
		return awaitRows(requestId, 1).get(0);
	}

	/**
	 * Waits until the request has the given number of rows.
	 * @param requestId the request id
	 * @param count the number of rows
	 * @return the rows, newest first
	 */
	List<RequestLogEntry> awaitRows(String requestId, int count) {
		return Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
			this.writer.awaitIdle(Duration.ofSeconds(5));
			return of(requestId);
		}, (rows) -> rows.size() == count);
	}

	/**
	 * The rows of a request in the database now.
	 * @param requestId the request id
	 * @return the rows, newest first
	 */
	List<RequestLogEntry> of(String requestId) {
		return this.jdbc.query("select id from grpc_request_log where request_id = ? order by id desc",
				(rs, row) -> this.search.findById(rs.getLong(1)).orElseThrow(), requestId);
	}

	/**
	 * Asserts that a request has exactly one row, also once a later request's row is in:
	 * the server records calls as their streams close, so a second row of the first
	 * request would be there by then.
	 * @param requestId the request id
	 * @param laterRequestId the id of a call made after the first one ended
	 */
	void assertStillOne(String requestId, String laterRequestId) {
		awaitOne(laterRequestId);
		assertThat(of(requestId)).hasSize(1);
	}

}
