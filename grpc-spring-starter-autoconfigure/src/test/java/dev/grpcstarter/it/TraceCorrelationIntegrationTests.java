package dev.grpcstarter.it;

import java.time.Duration;
import java.util.UUID;

import dev.grpcstarter.core.requestlog.RequestLogEntry;
import dev.grpcstarter.core.requestlog.RequestLogRepository;
import dev.grpcstarter.core.requestlog.RequestLogSearch;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import dev.grpcstarter.it.app.TestApplication;
import dev.grpcstarter.test.v1.PingRequest;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trace ids in the request log with a real tracer: Spring Boot's Brave bridge, W3C
 * propagation, every call sampled. A client that sends a {@code traceparent} finds its
 * trace id, and the server span's own id, in the call's row.
 */
@SpringBootTest(classes = TestApplication.class)
class TraceCorrelationIntegrationTests extends AbstractSecuredServerTests {

	private static final Metadata.Key<String> TRACEPARENT = Metadata.Key.of("traceparent",
			Metadata.ASCII_STRING_MARSHALLER);

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:trace-correlation;DB_CLOSE_DELAY=-1");
		TestProperties.register(registry, "spring.grpc.server.port=0", "grpc.services.packages=dev.grpcstarter.it.secured",
				"grpc.request-log.flush-interval=100ms", "management.tracing.sampling.probability=1.0",
				"spring.jpa.hibernate.ddl-auto=validate");
	}

	@Autowired
	RequestLogWriter writer;

	@Autowired
	RequestLogSearch search;

	@Autowired
	RequestLogRepository repository;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void whenTheClientSendsATraceparentThenTheRowHoldsItsTraceAndTheServerSpan() {
		String traceId = UUID.randomUUID().toString().replace("-", "");
		String parentSpanId = "00f067aa0ba902b7";
		String requestId = "trace-" + UUID.randomUUID();
		Metadata headers = new Metadata();
		headers.put(TRACEPARENT, "00-" + traceId + "-" + parentSpanId + "-01");
		headers.put(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER), requestId);
		this.secured.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
			.public_(PingRequest.newBuilder().setText("x").build());
		RequestLogEntry row = awaitRow(requestId);
		assertThat(row.traceId()).isEqualTo(traceId);
		assertThat(row.spanId()).hasSize(16).isNotEqualTo(parentSpanId).matches("[0-9a-f]{16}");
		assertThat(this.repository.findAll(dev.grpcstarter.core.requestlog.RequestLogSpecifications.ofTrace(traceId)))
			.extracting(dev.grpcstarter.core.requestlog.RequestLogRow::getRequestId)
			.containsExactly(requestId);
		assertThat(this.repository.findFirstByRequestIdOrderByIdDesc(requestId).orElseThrow().getTraceId())
			.isEqualTo(traceId);
	}

	@Test
	void whenTheClientSendsNoTraceThenTheRowHoldsTheNewTraceTheServerStarted() {
		String requestId = "trace-" + UUID.randomUUID();
		Metadata headers = new Metadata();
		headers.put(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER), requestId);
		this.secured.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
			.public_(PingRequest.newBuilder().setText("x").build());
		RequestLogEntry row = awaitRow(requestId);
		assertThat(row.traceId()).matches("[0-9a-f]{16}|[0-9a-f]{32}");
		assertThat(row.spanId()).matches("[0-9a-f]{16}");
	}

	private RequestLogEntry awaitRow(String requestId) {
		return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
			this.writer.awaitIdle(Duration.ofSeconds(5));
			return this.jdbc
				.queryForList("select id from grpc_request_log where request_id = ?", Long.class, requestId)
				.stream()
				.findFirst()
				.flatMap(this.search::findById)
				.orElse(null);
		}, java.util.Objects::nonNull);
	}

}
