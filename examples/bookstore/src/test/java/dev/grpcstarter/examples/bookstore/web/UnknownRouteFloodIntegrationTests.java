package dev.grpcstarter.examples.bookstore.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.grpcstarter.core.requestlog.RejectedCallRowBudget;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP/JSON paths under the generic prefix that name no method reach the same fallback as
 * native calls to unknown methods, and so the same per-address budget of refused calls: a
 * flood of them writes the budget's rows and one summary row, every call still answered 404
 * with its request id. A context of its own: the budget is per client address, and the other
 * web tests' refused calls come from the same address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.grpc.server.port=0",
				"spring.datasource.url=jdbc:h2:mem:bookstore-unknown-routes;DB_CLOSE_DELAY=-1",
				"grpc.request-log.flush-interval=50ms", "grpc.request-log.rejected-calls.rows-per-address=3",
				"grpc.request-log.rejected-calls.window=1m" })
class UnknownRouteFloodIntegrationTests {

	private static final int CALLS = 10;

	@LocalServerPort
	int port;

	@Autowired
	RequestLogWriter writer;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	RejectedCallRowBudget budget;

	@Test
	void whenOneAddressCallsRoutesThatNameNoMethodThenItsBudgetOfRowsAndOneSummaryAreWritten() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		for (int i = 0; i < CALLS; i++) {
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/rpc/nope.v1.Nope/Call" + i))
						.POST(HttpRequest.BodyPublishers.ofString("{}"))
						.header("content-type", "application/json")
						.build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(response.headers().firstValue("x-request-id")).isPresent();
		}
		// All ten fall in one window (a minute, however slow the machine); ending it now writes
		// its summary, as its end or the server's shutdown would.
		this.budget.closeAllWindows();
		Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
			this.writer.awaitIdle(Duration.ofSeconds(5));
			return this.jdbc.queryForObject(
					"select coalesce(sum(calls), 0) from grpc_request_log where grpc_code = 'UNIMPLEMENTED'", Long.class);
		}, (calls) -> calls == CALLS);
		assertThat(this.jdbc.queryForObject("select count(*) from grpc_request_log where grpc_code = 'UNIMPLEMENTED'"
				+ " and call_type <> 'summary' and transport = 'http-json'", Long.class)).isEqualTo(3);
		assertThat(this.jdbc.queryForObject("select calls from grpc_request_log where call_type = 'summary'"
				+ " and grpc_code = 'UNIMPLEMENTED'", Long.class)).isEqualTo(CALLS - 3);
	}

}
