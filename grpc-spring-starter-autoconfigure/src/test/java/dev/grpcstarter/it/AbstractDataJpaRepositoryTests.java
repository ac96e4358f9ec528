package dev.grpcstarter.it;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import dev.grpcstarter.core.apikey.ApiKey;
import dev.grpcstarter.core.apikey.ApiKeyRepository;
import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.CreatedApiKey;
import dev.grpcstarter.core.apikey.NewApiKey;
import dev.grpcstarter.core.audit.AdminAuditLog;
import dev.grpcstarter.core.audit.AdminAuditRecord;
import dev.grpcstarter.core.audit.AdminAuditRepository;
import dev.grpcstarter.core.call.CallTransport;
import dev.grpcstarter.core.requestlog.RequestLogEntry;
import dev.grpcstarter.core.requestlog.RequestLogRepository;
import dev.grpcstarter.core.requestlog.RequestLogRow;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import dev.grpcstarter.core.requestlog.RequestStatus;
import dev.grpcstarter.core.status.InstanceIdentity;
import dev.grpcstarter.core.status.InstanceStatus;
import dev.grpcstarter.core.status.ServerInstanceRepository;
import dev.grpcstarter.core.status.ServerInstanceRow;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.grpcstarter.core.requestlog.RequestLogSpecifications.failed;
import static dev.grpcstarter.core.requestlog.RequestLogSpecifications.ofApiKey;
import static dev.grpcstarter.core.requestlog.RequestLogSpecifications.ofMethod;
import static dev.grpcstarter.core.requestlog.RequestLogSpecifications.startedAtOrAfter;
import static dev.grpcstarter.core.requestlog.RequestLogSpecifications.tookAtLeast;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read-only repositories on the starter's schema, which Hibernate validated when the
 * context started ({@code ddl-auto=validate}); run against H2 and PostgreSQL by the
 * subclasses. Rows of the request log are written by the writer, as in production.
 */
abstract class AbstractDataJpaRepositoryTests {

	static final String[] PROPERTIES = { "spring.grpc.server.port=0", "grpc.services.packages=dev.grpcstarter.it.app",
			"spring.jpa.hibernate.ddl-auto=validate" };

	@Autowired
	RequestLogRepository requestLog;

	@Autowired
	ServerInstanceRepository instances;

	@Autowired
	AdminAuditRepository audit;

	@Autowired
	ApiKeyRepository apiKeys;

	@Autowired
	ApiKeyService keys;

	@Autowired
	RequestLogWriter writer;

	@Autowired
	InstanceIdentity identity;

	@Autowired
	DataSource dataSource;

	@Test
	void whenCallsAreLoggedThenTheRepositoryFindsFailuresCallsOfAKeyAndTheSlowestCalls() {
		String service = "data" + UUID.randomUUID().toString().replace("-", "") + ".v1.Shop";
		Instant base = Instant.now().minusSeconds(30);
		long key = 1_000_000 + (long) (Math.random() * 1_000_000);
		write(service, "Buy", RequestStatus.SUCCESS, "OK", 5_000, key, base);
		write(service, "Buy", RequestStatus.ERROR, "NOT_FOUND", 9_000, key, base.plusMillis(1));
		write(service, "Buy", RequestStatus.TIMEOUT, "DEADLINE_EXCEEDED", 900_000, null, base.plusMillis(2));
		write(service, "Sell", RequestStatus.SUCCESS, "OK", 2_000_000, key, base.plusMillis(3));
		assertThat(this.writer.awaitIdle(Duration.ofSeconds(10))).isTrue();

		List<RequestLogRow> failures = this.requestLog.findAll(failed().and(ofMethod(service + "/Buy")),
				Sort.by(Sort.Direction.DESC, "id"));
		assertThat(failures).extracting(RequestLogRow::getGrpcCode).containsExactly("DEADLINE_EXCEEDED", "NOT_FOUND");
		assertThat(this.requestLog.findRecentFailures(Pageable.ofSize(500)).getContent())
			.extracting(RequestLogRow::getGrpcCode)
			.contains("DEADLINE_EXCEEDED", "NOT_FOUND")
			.doesNotContain("OK");

		assertThat(this.requestLog.findByApiKeyIdOrderByIdDesc(key, Pageable.ofSize(10)).getContent())
			.extracting(RequestLogRow::getMethod, RequestLogRow::getGrpcCode)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("Sell", "OK"),
					org.assertj.core.groups.Tuple.tuple("Buy", "NOT_FOUND"),
					org.assertj.core.groups.Tuple.tuple("Buy", "OK"));
		Page<RequestLogRow> firstOfTwo = this.requestLog.findAll(ofApiKey(key), PageRequest.of(0, 2, Sort.by("id")));
		assertThat(firstOfTwo.getTotalElements()).isEqualTo(3);
		assertThat(firstOfTwo.getContent()).extracting(RequestLogRow::getGrpcCode).containsExactly("OK", "NOT_FOUND");

		assertThat(this.requestLog.findSlowestCalls(service + "/Buy", base, Pageable.ofSize(2)).getContent())
			.extracting(RequestLogRow::getDurationMicros)
			.containsExactly(900_000L, 9_000L);
		assertThat(this.requestLog.count(ofMethod(service + "/Buy").and(tookAtLeast(Duration.ofMillis(9)))
			.and(startedAtOrAfter(base)))).isEqualTo(2);
	}

	@Test
	void whenARowIsReadThenEveryColumnMatchesWhatTheWriterWroteTraceIdsIncluded() {
		String requestId = "data-" + UUID.randomUUID();
		Instant startedAt = Instant.parse("2002-02-02T10:11:12.345678Z");
		RequestLogEntry written = new RequestLogEntry(null, requestId, "instance-x", "values.v1.Values", "Full",
				"bidi-streaming", RequestStatus.CANCELLED, "CANCELLED", "gone", 1234, 77L, "üser", true, "bearer",
				"2001:db8::1", "agent/1.0", 3, 4, 500, 600, startedAt, 1, CallTransport.GRPC_WEB,
				"4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7");
		this.writer.accept(written);
		assertThat(this.writer.awaitIdle(Duration.ofSeconds(10))).isTrue();
		RequestLogRow row = this.requestLog.findFirstByRequestIdOrderByIdDesc(requestId).orElseThrow();
		assertThat(row.toEntry()).usingRecursiveComparison().ignoringFields("id").isEqualTo(written);
		assertThat(this.requestLog.findById(row.getId())).isPresent();
	}

	@Test
	void whenTheServerRunsThenItsInstanceIsAmongTheRunningOnes() {
		List<ServerInstanceRow> running = this.instances.findRunning(Instant.now(), Duration.ofMinutes(5));
		assertThat(running).extracting(ServerInstanceRow::getInstanceId).contains(this.identity.instanceId());
		ServerInstanceRow self = this.instances.findByInstanceId(this.identity.instanceId()).orElseThrow();
		assertThat(self.getStatus()).isEqualTo(InstanceStatus.RUNNING);
		assertThat(self.getServicesJson()).contains("grpc.health.v1.Health");
		assertThat(this.instances.findRunning(Instant.now().plus(Duration.ofHours(1)), Duration.ofMinutes(5)))
			.extracting(ServerInstanceRow::getInstanceId)
			.doesNotContain(this.identity.instanceId());
	}

	@Test
	void whenAKeyIsCreatedThenItIsFoundByItsDisplayPrefixAndOwner() {
		String owner = "owner-" + UUID.randomUUID();
		CreatedApiKey created = this.keys.create(NewApiKey.of("prefix", owner));
		List<ApiKey> found = this.apiKeys.findByKeyPrefixOrderByIdDesc(created.key().getKeyPrefix());
		assertThat(found).extracting(ApiKey::id).contains(created.key().id());
		assertThat(this.apiKeys.findByOwnerOrderByIdDesc(owner, Pageable.ofSize(5)).getContent())
			.extracting(ApiKey::id)
			.containsExactly(created.key().id());
	}

	@Test
	void whenTheAuditLogRecordsAnActionThenTheRepositoryReadsIt() {
		String target = UUID.randomUUID().toString().substring(0, 30);
		new AdminAuditLog(new JdbcTemplate(this.dataSource), Clock.systemUTC()).record("alice", "revoke", "api_key",
				target, "why not");
		Page<AdminAuditRecord> entries = this.audit.findByTargetTypeAndTargetIdOrderByOccurredAtDesc("api_key", target,
				Pageable.ofSize(5));
		assertThat(entries.getContent()).singleElement().satisfies((entry) -> {
			assertThat(entry.getActor()).isEqualTo("alice");
			assertThat(entry.getAction()).isEqualTo("revoke");
			assertThat(entry.getDetails()).isEqualTo("why not");
		});
	}

	private void write(String service, String method, RequestStatus status, String code, long micros,
			@org.jspecify.annotations.Nullable Long apiKeyId, Instant startedAt) {
		this.writer.accept(new RequestLogEntry(null, "req-" + UUID.randomUUID(), "instance-x", service, method,
				"unary", status, code, (status == RequestStatus.SUCCESS) ? null : "failed", micros, apiKeyId,
				(apiKeyId != null) ? "paul" : null, apiKeyId != null, "127.0.0.1", null, 1, 1, 10, 10, startedAt));
	}

}
