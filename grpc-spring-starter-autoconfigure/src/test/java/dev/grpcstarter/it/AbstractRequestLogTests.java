package dev.grpcstarter.it;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.grpcstarter.core.apikey.CreatedApiKey;
import dev.grpcstarter.core.apikey.NewApiKey;
import dev.grpcstarter.core.call.RequestContext;
import dev.grpcstarter.core.requestlog.RequestLogEntry;
import dev.grpcstarter.core.requestlog.RequestLogFilter;
import dev.grpcstarter.core.requestlog.RequestLogRetention;
import dev.grpcstarter.core.requestlog.RequestLogSearch;
import dev.grpcstarter.core.requestlog.RequestLogStatistics;
import dev.grpcstarter.core.requestlog.RequestLogStatistics.TimeWindow;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import dev.grpcstarter.core.requestlog.RequestStatus;
import dev.grpcstarter.core.status.InstanceIdentity;
import dev.grpcstarter.test.v1.PingRequest;
import dev.grpcstarter.test.v1.Reply;
import dev.grpcstarter.test.v1.SecuredServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static dev.grpcstarter.it.ApiKeyCalls.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * The request log on a real server, run against H2 and PostgreSQL by the subclasses.
 */
abstract class AbstractRequestLogTests extends AbstractSecuredServerTests {

	static final String[] PROPERTIES = { "spring.grpc.server.port=0", "grpc.auth.require-auth=true",
			"grpc.services.packages=dev.grpcstarter.it.secured", "grpc.request-log.flush-interval=100ms",
			"spring.jpa.hibernate.ddl-auto=validate" };

	/** The known data set lives in 2001, away from the rows the calls write. */
	static final Instant BASE = Instant.parse("2001-01-01T00:00:00Z");

	@Autowired
	RequestLogWriter writer;

	@Autowired
	RequestLogSearch search;

	@Autowired
	RequestLogStatistics statistics;

	@Autowired
	InstanceIdentity identity;

	@Test
	void whenEachCallTypeIsCalledThenEachGetsExactlyOneCorrectRow() throws Exception {
		CreatedApiKey key = this.keys.create(new NewApiKey("log", null, "lisa", List.of("ROLE_STAFF"), List.of(),
				null, null, null));
		SecuredServiceGrpc.SecuredServiceBlockingStub blocking = withKey(this.secured, key.rawKey());
		SecuredServiceGrpc.SecuredServiceStub async = withKey(SecuredServiceGrpc.newStub(this.channel.channel()),
				key.rawKey());
		blocking.whoAmI(ping("x"));
		blocking.staffStream(ping("x")).forEachRemaining((reply) -> {
		});
		collect(async::staffUpload, 3);
		collect(async::staffChat, 2);
		List<RequestLogEntry> rows = rowsOfKey(key.key().id(), 4);
		assertThat(rows).extracting(RequestLogEntry::method)
			.containsExactly("StaffChat", "StaffUpload", "StaffStream", "WhoAmI");
		assertThat(rows).extracting(RequestLogEntry::callType)
			.containsExactly("bidi-streaming", "client-streaming", "server-streaming", "unary");
		assertThat(rows).extracting(RequestLogEntry::messagesIn).containsExactly(2, 3, 1, 1);
		assertThat(rows).extracting(RequestLogEntry::messagesOut).containsExactly(2, 1, 2, 1);
		for (RequestLogEntry row : rows) {
			assertThat(row.service()).isEqualTo("test.v1.SecuredService");
			assertThat(row.status()).isEqualTo(RequestStatus.SUCCESS);
			assertThat(row.grpcCode()).isEqualTo("OK");
			assertThat(row.errorMessage()).isNull();
			assertThat(row.principal()).isEqualTo("lisa");
			assertThat(row.authenticated()).isTrue();
			assertThat(row.clientIp()).isEqualTo("127.0.0.1");
			assertThat(row.userAgent()).contains("grpc-java");
			assertThat(row.requestId()).hasSize(32);
			assertThat(row.instanceId()).isEqualTo(this.identity.instanceId());
			assertThat(row.durationMicros()).isPositive();
			assertThat(row.bytesIn()).isPositive();
			assertThat(row.bytesOut()).isPositive();
			assertThat(row.startedAt()).isBetween(Instant.now().minusSeconds(60), Instant.now());
		}
	}

	@Test
	void whenAuthenticationRejectsACallThenItIsLoggedUnauthenticatedWithoutPrincipal() {
		String marker = UUID.randomUUID().toString().replace("-", "");
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> withRequestId(this.secured, marker).whoAmI(ping("x")));
		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
		RequestLogEntry row = rowOfRequest(marker);
		assertThat(row.status()).isEqualTo(RequestStatus.ERROR);
		assertThat(row.grpcCode()).isEqualTo("UNAUTHENTICATED");
		assertThat(row.errorMessage()).isEqualTo("missing API key");
		assertThat(row.principal()).isNull();
		assertThat(row.apiKeyId()).isNull();
		assertThat(row.authenticated()).isFalse();
	}

	@Test
	void whenAStatusDescriptionHoldsANulCharacterThenTheRowKeepsTheRestAndLaterRowsAreWritten() {
		String marker = UUID.randomUUID().toString().replace("-", "");
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> withRequestId(this.secured, marker).public_(ping("abort:bad\u0000byte, Grüße")));
		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		RequestLogEntry row = rowOfRequest(marker);
		assertThat(row.errorMessage()).isEqualTo("bad\uFFFDbyte, Grüße");
		String next = UUID.randomUUID().toString().replace("-", "");
		withRequestId(this.secured, next).public_(ping("x"));
		assertThat(rowOfRequest(next).status()).isEqualTo(RequestStatus.SUCCESS);
	}

	@Test
	void whenRowsHoldEveryKindOfValueThenTheyReadBackExactly() {
		Instant startedAt = BASE.plus(Duration.ofDays(3)).plusNanos(123_456_000);
		RequestLogEntry full = new RequestLogEntry(null, "req-\"quoted\", comma", "instance-1", "values.v1.Values",
				"Full", "bidi-streaming", RequestStatus.ERROR, "INVALID_ARGUMENT",
				"line one\nline two, \"quoted\" \\ Grüße 😀", Long.MAX_VALUE, Long.MAX_VALUE, "üser", true,
				"2001:db8::1", "agent/1.0 (é)", Integer.MAX_VALUE, 0, Long.MAX_VALUE, 0, startedAt);
		RequestLogEntry nulls = new RequestLogEntry(null, "req-nulls", "instance-1", "values.v1.Values", "Nulls",
				"unary", RequestStatus.SUCCESS, "OK", null, 0, null, null, false, null, null, 0, 0, 0, 0,
				startedAt.plusSeconds(1));
		this.writer.accept(full);
		this.writer.accept(nulls);
		assertThat(this.writer.awaitIdle(Duration.ofSeconds(10))).isTrue();
		List<RequestLogEntry> rows = this.search
			.find(new RequestLogFilter(startedAt, startedAt.plusSeconds(2), "values.v1.Values", null, null, null, null,
					null, null), null, 10)
			.rows();
		assertThat(rows).hasSize(2);
		assertThat(rows.get(0)).usingRecursiveComparison().ignoringFields("id").isEqualTo(nulls);
		assertThat(rows.get(1)).usingRecursiveComparison().ignoringFields("id").isEqualTo(full);
	}

	@Test
	void whenACallPassesItsDeadlineThenItIsLoggedAsTimeout() {
		String marker = UUID.randomUUID().toString().replace("-", "");
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> withRequestId(this.secured, marker).withDeadlineAfter(200, TimeUnit.MILLISECONDS)
					.sleep(ping("1500")));
		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
		RequestLogEntry row = rowOfRequest(marker);
		assertThat(row.status()).isEqualTo(RequestStatus.TIMEOUT);
		assertThat(row.grpcCode()).isEqualTo("DEADLINE_EXCEEDED");
	}

	@Test
	void whenHealthIsCheckedThenNoRowIsWritten() {
		long before = this.writer.counts().accepted();
		HealthGrpc.newBlockingStub(this.channel.channel()).check(HealthCheckRequest.getDefaultInstance());
		// Rows are handed over as streams close: once a later call's row is in, the health
		// check's would be too.
		String later = UUID.randomUUID().toString().replace("-", "");
		withRequestId(this.secured, later).public_(ping("x"));
		rowOfRequest(later);
		assertThat(this.writer.counts().accepted()).isEqualTo(before + 1);
	}

	@Test
	void whenRowsAreWrittenThenAcceptedEqualsWrittenPlusDroppedPlusPending() {
		long before = this.writer.counts().accepted();
		for (int i = 0; i < 20; i++) {
			this.secured.public_(ping("x"));
		}
		// A row is handed over when the server closes the stream, just after the client saw the answer.
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.writer.counts().accepted() >= before + 20);
		// The counters are read one after another without a lock: while the writer takes or
		// settles a batch between two reads the sum is off for a moment, so the identity is
		// asked of a quiet moment (see RequestLogWriter.counts()).
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			RequestLogWriter.Counts now = this.writer.counts();
			assertThat(now.accepted()).isEqualTo(now.written() + now.dropped() + now.pending());
		});
		assertThat(this.writer.awaitIdle(Duration.ofSeconds(10))).isTrue();
		RequestLogWriter.Counts counts = this.writer.counts();
		assertThat(counts.pending()).isZero();
		assertThat(counts.dropped()).isZero();
		assertThat(counts.accepted()).isEqualTo(counts.written());
	}

	@Test
	void whenStatisticsOfAKnownDataSetThenTheFiguresAreExact() {
		// 100 calls, one per second from BASE, durations 1..100 ms: 90 OK, 6 NOT_FOUND, 2 CANCELLED, 2 DEADLINE_EXCEEDED.
		List<RequestLogEntry> rows = new ArrayList<>();
		for (int i = 1; i <= 100; i++) {
			String code = (i <= 90) ? "OK" : (i <= 96) ? "NOT_FOUND" : (i <= 98) ? "CANCELLED" : "DEADLINE_EXCEEDED";
			String method = (i % 2 == 0) ? "Even" : "Odd";
			Long key = (i <= 30) ? Long.valueOf(7001) : (i <= 40) ? Long.valueOf(7002) : null;
			rows.add(entry("stats.v1.Stats", method, Status.Code.valueOf(code), i * 1000L, key,
					BASE.plusSeconds(i - 1)));
		}
		rows.forEach(this.writer::accept);
		assertThat(this.writer.awaitIdle(Duration.ofSeconds(10))).isTrue();
		TimeWindow window = new TimeWindow(BASE, BASE.plusSeconds(100));

		RequestLogStatistics.Summary summary = this.statistics.summary(window);
		assertThat(summary.total()).isEqualTo(100);
		assertThat(summary.successful()).isEqualTo(90);
		assertThat(summary.errors()).isEqualTo(6);
		assertThat(summary.cancelled()).isEqualTo(2);
		assertThat(summary.timeouts()).isEqualTo(2);
		assertThat(summary.successRate()).isEqualTo(0.9);
		assertThat(summary.average().toNanos() / 1000.0).isCloseTo(50_500.0, within(0.5));
		assertThat(summary.p50().toNanos() / 1000.0).isCloseTo(50_500.0, within(0.5));
		assertThat(summary.p95().toNanos() / 1000.0).isCloseTo(95_050.0, within(0.5));
		assertThat(summary.p99().toNanos() / 1000.0).isCloseTo(99_010.0, within(0.5));

		assertThat(this.statistics.byMethod(window, 10)).extracting(RequestLogStatistics.GroupStatistics::name,
				RequestLogStatistics.GroupStatistics::total, RequestLogStatistics.GroupStatistics::failed)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("stats.v1.Stats/Even", 50L, 5L),
					org.assertj.core.groups.Tuple.tuple("stats.v1.Stats/Odd", 50L, 5L));
		assertThat(this.statistics.byService(window, 10)).singleElement()
			.satisfies((service) -> assertThat(service.total()).isEqualTo(100));
		assertThat(this.statistics.topErrorCodes(window, 10)).extracting(RequestLogStatistics.CodeCount::code,
				RequestLogStatistics.CodeCount::count)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("NOT_FOUND", 6L),
					org.assertj.core.groups.Tuple.tuple("CANCELLED", 2L),
					org.assertj.core.groups.Tuple.tuple("DEADLINE_EXCEEDED", 2L));
		assertThat(this.statistics.byApiKey(window, 10)).extracting(RequestLogStatistics.KeyStatistics::apiKeyId,
				RequestLogStatistics.KeyStatistics::total)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(7001L, 30L),
					org.assertj.core.groups.Tuple.tuple(7002L, 10L));

		List<RequestLogStatistics.TimeBucket> minutes = this.statistics.timeSeries(window, Duration.ofMinutes(1));
		assertThat(minutes).extracting(RequestLogStatistics.TimeBucket::total).containsExactly(60L, 40L);
		assertThat(minutes).extracting(RequestLogStatistics.TimeBucket::failed).containsExactly(0L, 10L);
		assertThat(minutes.get(1).start()).isEqualTo(BASE.plusSeconds(60));
	}

	@Test
	void whenSearchingThenFiltersApplyAndKeysetPagesNeverOverlap() {
		Instant start = BASE.plus(Duration.ofDays(1));
		for (int i = 0; i < 25; i++) {
			this.writer.accept(entry("search.v1.Search", (i < 20) ? "Find" : "Other",
					(i % 5 == 0) ? Status.Code.INTERNAL : Status.Code.OK, i * 1000L, null, start.plusSeconds(i)));
		}
		assertThat(this.writer.awaitIdle(Duration.ofSeconds(10))).isTrue();
		RequestLogFilter find = new RequestLogFilter(start, start.plusSeconds(60), "search.v1.Search", "Find", null,
				null, null, null, null);
		RequestLogSearch.RequestLogPage first = this.search.find(find, null, 8);
		RequestLogSearch.RequestLogPage second = this.search.find(find, first.nextBeforeId(), 8);
		RequestLogSearch.RequestLogPage third = this.search.find(find, second.nextBeforeId(), 8);
		assertThat(first.rows()).hasSize(8);
		assertThat(second.rows()).hasSize(8);
		assertThat(third.rows()).hasSize(4);
		assertThat(third.nextBeforeId()).isNull();
		List<Long> ids = new ArrayList<>();
		for (RequestLogSearch.RequestLogPage page : List.of(first, second, third)) {
			page.rows().forEach((row) -> ids.add(row.id()));
		}
		assertThat(ids).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> Long.compare(b, a)).hasSize(20);

		RequestLogFilter errors = new RequestLogFilter(start, start.plusSeconds(60), null, null, RequestStatus.ERROR,
				"INTERNAL", null, null, Duration.ofMillis(10));
		assertThat(this.search.find(errors, null, 100).rows()).extracting(RequestLogEntry::durationMicros)
			.containsExactly(20_000L, 15_000L, 10_000L);
		RequestLogEntry one = this.search.find(errors, null, 1).rows().get(0);
		assertThat(this.search.findById(one.id())).contains(one);
	}

	@Test
	void whenRetentionRunsThenExactlyTheOldRowsAreDeleted() {
		Instant now = Instant.parse("2002-06-01T00:00:00Z");
		for (int i = 0; i < 23; i++) {
			this.writer.accept(entry("retention.v1.Old", "M", Status.Code.OK, 1, null, now.minus(Duration.ofDays(31))
				.plusSeconds(i)));
		}
		for (int i = 0; i < 5; i++) {
			this.writer.accept(entry("retention.v1.New", "M", Status.Code.OK, 1, null, now.minus(Duration.ofDays(29))
				.plusSeconds(i)));
		}
		assertThat(this.writer.awaitIdle(Duration.ofSeconds(10))).isTrue();
		long before = count();
		RequestLogRetention retention = new RequestLogRetention(this.jdbc, Duration.ofDays(30), 7,
				Clock.fixed(now, ZoneOffset.UTC));
		long deleted = retention.purge();
		assertThat(count("retention.v1.Old")).isZero();
		assertThat(count("retention.v1.New")).isEqualTo(5);
		assertThat(deleted).isEqualTo(before - count()).isGreaterThanOrEqualTo(23);
		assertThat(this.jdbc.queryForObject("select count(*) from grpc_request_log where started_at < ?", Long.class,
				java.time.OffsetDateTime.ofInstant(now.minus(Duration.ofDays(30)), ZoneOffset.UTC)))
			.isZero();
	}

	static PingRequest ping(String text) {
		return PingRequest.newBuilder().setText(text).build();
	}

	RequestLogEntry entry(String service, String method, Status.Code code, long micros, Long apiKeyId,
			Instant startedAt) {
		return new RequestLogEntry(null, "seed", "seed-instance", service, method, "unary", RequestStatus.of(code),
				code.name(), (code == Status.Code.OK) ? null : code.name(), micros, apiKeyId, null, false, null, null, 1,
				1, 10, 10, startedAt);
	}

	private long count() {
		return this.jdbc.queryForObject("select count(*) from grpc_request_log", Long.class);
	}

	private long count(String service) {
		return this.jdbc.queryForObject("select count(*) from grpc_request_log where service = ?", Long.class,
				service);
	}

	private List<RequestLogEntry> rowsOfKey(long keyId, int expected) {
		return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
			this.writer.awaitIdle(Duration.ofSeconds(5));
			return this.search.find(RequestLogFilter.forApiKey(keyId), null, 100).rows();
		}, (rows) -> rows.size() == expected);
	}

	/** The row of a call; the server may record a cancelled call just after the client gave up. */
	private RequestLogEntry rowOfRequest(String requestId) {
		List<RequestLogEntry> rows = new ArrayList<>();
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			this.writer.awaitIdle(Duration.ofSeconds(5));
			rows.clear();
			rows.addAll(this.jdbc.query("select id from grpc_request_log where request_id = ?",
					(rs, row) -> this.search.findById(rs.getLong(1)).orElseThrow(), requestId));
			assertThat(rows).hasSize(1);
		});
		return rows.get(0);
	}

	private static SecuredServiceGrpc.SecuredServiceBlockingStub withRequestId(
			SecuredServiceGrpc.SecuredServiceBlockingStub stub, String requestId) {
		io.grpc.Metadata headers = new io.grpc.Metadata();
		headers.put(RequestContext.REQUEST_ID_KEY, requestId);
		return stub.withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers));
	}

	private static void collect(java.util.function.Function<StreamObserver<Reply>, StreamObserver<PingRequest>> call,
			int messages) throws Exception {
		ResponseCollector<Reply> responses = new ResponseCollector<>();
		StreamObserver<PingRequest> requests = call.apply(responses);
		for (int i = 0; i < messages; i++) {
			requests.onNext(ping("m" + i));
		}
		requests.onCompleted();
		responses.await();
	}

}
