package dev.grpcstarter.it;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.grpcstarter.core.apikey.ApiKeyFormat;
import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.NewApiKey;
import dev.grpcstarter.core.requestlog.RejectedCallRowBudget;
import dev.grpcstarter.core.requestlog.RejectedCallRowBudgetMetrics;
import dev.grpcstarter.core.requestlog.RequestLogStatistics;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import dev.grpcstarter.test.v1.SecuredServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static dev.grpcstarter.it.AbstractApiKeyAuthenticationTests.ping;
import static dev.grpcstarter.it.ApiKeyCalls.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A flood of refused calls on a real server with the request log in PostgreSQL: one client
 * address writes at most its budget of rows per window, the rest is counted exactly in a
 * meter and in one summary row per reason, written when the window ends or when the
 * application stops; calls that pass authentication are logged in full.
 */
class RejectedCallFloodIntegrationTests {

	private static final int BUDGET = 20;

	private static final String REFUSED_ROWS = "select count(*) from grpc_request_log where client_ip = '127.0.0.1'"
			+ " and grpc_code = ? and call_type <> 'summary'";

	private static final String SUMMARIES = "select grpc_code, calls from grpc_request_log where call_type = 'summary'";

	@Test
	void whenOneAddressSendsManyBadKeysThenItsBudgetOfRowsAndOneSummaryAreWrittenAndVerifiedCallsAllLogged()
			throws Exception {
		String database = EmbeddedPostgres.newDatabase();
		int badCalls = 150;
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		List<Status.Code> limitedCodes = new ArrayList<>();
		// A long window: it ends when the application stops, which must write the summary.
		try (ConfigurableApplicationContext app = start(database, "grpc.request-log.rejected-calls.window=1h",
				"grpc.auth.failed-attempts.max=1000");
				LocalGrpcChannel channel = LocalGrpcChannel.to(app)) {
			new RejectedCallRowBudgetMetrics(app.getBean(RejectedCallRowBudget.class)).bindTo(meters);
			ApiKeyService keys = app.getBean(ApiKeyService.class);
			String valid = keys.create(NewApiKey.of("valid", "vera")).rawKey();
			String limited = keys.create(new NewApiKey("limited", null, "rita", List.of(), List.of(), null, 2, "tests"))
				.rawKey();
			SecuredServiceGrpc.SecuredServiceBlockingStub stub = SecuredServiceGrpc.newBlockingStub(channel.channel());
			ApiKeyFormat format = new ApiKeyFormat();
			for (int i = 0; i < badCalls; i++) {
				assertThat(code(() -> withKey(stub, format.generate()).whoAmI(ping())))
					.isEqualTo(Status.Code.UNAUTHENTICATED);
			}
			// The same address, past its budget: verified callers are logged in full, also
			// when their own rate limit refuses them.
			for (int i = 0; i < 30; i++) {
				assertThat(withKey(stub, valid).whoAmI(ping()).getText()).startsWith("vera|");
			}
			for (int i = 0; i < 5; i++) {
				limitedCodes.add(code(() -> withKey(stub, limited).whoAmI(ping())));
			}
			assertThat(limitedCodes).startsWith(Status.Code.OK).endsWith(Status.Code.RESOURCE_EXHAUSTED);
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> meters.get("grpc.request-log.suppressed").tag("reason", "unauthenticated").functionCounter()
					.count(), (count) -> count == badCalls - BUDGET);
			assertThat(meters.get("grpc.request-log.suppressed").tag("reason", "throttled").functionCounter().count())
				.isZero();
			app.getBean(RequestLogWriter.class).awaitIdle(Duration.ofSeconds(10));
			JdbcTemplate jdbc = jdbc(database);
			assertThat(jdbc.queryForList(SUMMARIES)).as("no summary before the window ends").isEmpty();
		}
		JdbcTemplate jdbc = jdbc(database);
		assertThat(jdbc.queryForObject(REFUSED_ROWS, Long.class, "UNAUTHENTICATED")).isEqualTo(BUDGET);
		assertThat(jdbc.queryForList(SUMMARIES)).containsExactly(
				Map.of("grpc_code", "UNAUTHENTICATED", "calls", (long) (badCalls - BUDGET)));
		assertThat(jdbc.queryForObject("select client_ip from grpc_request_log where call_type = 'summary'",
				String.class)).isEqualTo("127.0.0.1");
		assertThat(jdbc.queryForObject("select count(*) from grpc_request_log where principal = 'vera'"
				+ " and grpc_code = 'OK'", Long.class)).isEqualTo(30);
		assertThat(jdbc.queryForList("select grpc_code from grpc_request_log where principal = 'rita' order by id",
				String.class))
			.containsExactlyElementsOf(limitedCodes.stream().map(Status.Code::name).toList());
	}

	@Test
	void whenOneAddressCallsMethodsThatDoNotExistThenItsBudgetOfRowsAndOneSummaryAreWritten() throws Exception {
		String database = EmbeddedPostgres.newDatabase();
		int unknownCalls = 150;
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		try (ConfigurableApplicationContext app = start(database, "grpc.request-log.rejected-calls.window=1h");
				LocalGrpcChannel channel = LocalGrpcChannel.to(app)) {
			new RejectedCallRowBudgetMetrics(app.getBean(RejectedCallRowBudget.class)).bindTo(meters);
			for (int i = 0; i < unknownCalls; i++) {
				RawCalls.Outcome outcome = RawCalls.call(channel.channel(),
						RawCalls.method("nope.v1.Nope/Call" + (i % 3), MethodType.UNARY), CallOptions.DEFAULT,
						new Metadata(), new byte[0]);
				assertThat(outcome.status().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
				assertThat(outcome.requestId()).isNotBlank();
			}
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> meters.get("grpc.request-log.suppressed").tag("reason", "unimplemented").functionCounter()
					.count(), (count) -> count == unknownCalls - BUDGET);
		}
		JdbcTemplate jdbc = jdbc(database);
		assertThat(jdbc.queryForObject(REFUSED_ROWS, Long.class, "UNIMPLEMENTED")).isEqualTo(BUDGET);
		assertThat(jdbc.queryForList(SUMMARIES)).containsExactly(
				Map.of("grpc_code", "UNIMPLEMENTED", "calls", (long) (unknownCalls - BUDGET)));
		assertThat(jdbc.queryForObject("select service || '/' || method from grpc_request_log"
				+ " where call_type = 'summary'", String.class)).isEqualTo("nope.v1.Nope/" + RejectedCallRowBudget.SEVERAL);
	}

	@Test
	void whenTheWindowEndsThenTheSummariesAreWrittenAndStatisticsCountEveryCall() throws Exception {
		String database = EmbeddedPostgres.newDatabase();
		Instant from = Instant.now().minusSeconds(60);
		// Ten guesses are checked, the calls after them are throttled: two reasons.
		try (ConfigurableApplicationContext app = start(database, "grpc.request-log.rejected-calls.window=2s",
				"grpc.request-log.rejected-calls.rows-per-address=5", "grpc.auth.failed-attempts.max=10",
				"grpc.auth.failed-attempts.window=1h");
				LocalGrpcChannel channel = LocalGrpcChannel.to(app)) {
			SecuredServiceGrpc.SecuredServiceBlockingStub stub = SecuredServiceGrpc.newBlockingStub(channel.channel());
			ApiKeyFormat format = new ApiKeyFormat();
			for (int i = 0; i < 40; i++) {
				code(() -> withKey(stub, format.generate()).whoAmI(ping()));
			}
			JdbcTemplate jdbc = jdbc(database);
			// Windows end within about two seconds of their end; the summaries of all of them
			// add up, with the rows kept, to every call.
			Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
				app.getBean(RequestLogWriter.class).awaitIdle(Duration.ofSeconds(5));
				return jdbc.queryForObject("select coalesce(sum(calls), 0) from grpc_request_log", Long.class);
			}, (calls) -> calls == 40);
			long summaries = jdbc.queryForObject("select count(*) from grpc_request_log where call_type = 'summary'",
					Long.class);
			long rows = jdbc.queryForObject("select count(*) from grpc_request_log", Long.class);
			assertThat(summaries).isPositive();
			assertThat(rows).isLessThan(40);

			RequestLogStatistics statistics = app.getBean(RequestLogStatistics.class);
			RequestLogStatistics.TimeWindow window = new RequestLogStatistics.TimeWindow(from,
					Instant.now().plusSeconds(60));
			RequestLogStatistics.Summary summary = statistics.summary(window);
			assertThat(summary.total()).isEqualTo(40);
			assertThat(summary.errors()).isEqualTo(40);
			assertThat(statistics.topErrorCodes(window, 10)).extracting(RequestLogStatistics.CodeCount::count)
				.containsExactly(30L, 10L);
			assertThat(statistics.topErrorCodes(window, 10)).extracting(RequestLogStatistics.CodeCount::code)
				.containsExactly("RESOURCE_EXHAUSTED", "UNAUTHENTICATED");
			assertThat(statistics.byMethod(window, 10)).singleElement()
				.satisfies((method) -> assertThat(method.total()).isEqualTo(40));
			assertThat(statistics.timeSeries(window, Duration.ofMinutes(1)).stream()
				.mapToLong(RequestLogStatistics.TimeBucket::total)
				.sum()).isEqualTo(40);
		}
	}

	private static Status.Code code(Runnable call) {
		try {
			call.run();
			return Status.Code.OK;
		}
		catch (StatusRuntimeException ex) {
			return ex.getStatus().getCode();
		}
	}

	private static JdbcTemplate jdbc(String url) {
		return new JdbcTemplate(new DriverManagerDataSource(url, "postgres", ""));
	}

	private static ConfigurableApplicationContext start(String database, String... properties) {
		List<String> all = new ArrayList<>(List.of("spring.datasource.url=" + database,
				"spring.datasource.username=postgres", "spring.jpa.hibernate.ddl-auto=validate",
				"grpc.request-log.rejected-calls.rows-per-address=" + BUDGET));
		all.addAll(List.of(properties));
		return ApiKeyStartupIntegrationTests.start(all.toArray(String[]::new));
	}

}
