package dev.grpcstarter.it;

import dev.grpcstarter.core.call.RequestContext;
import dev.grpcstarter.it.app.FailingGrpcService;
import dev.grpcstarter.it.app.TestApplication;
import dev.grpcstarter.test.v1.FailRequest;
import dev.grpcstarter.test.v1.FailingServiceGrpc;
import dev.grpcstarter.test.v1.Reply;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

import java.util.Iterator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Every row of the default error mapping, on a real Netty server on a random port.
 */
@SpringBootTest(classes = TestApplication.class, properties = { "spring.grpc.server.port=0",
		// logback-test.xml quiets it for the rest of the build; these tests read its lines.
		"logging.level.dev.grpcstarter.core.pipeline.RequestIdInterceptor=info" })
@ExtendWith(OutputCaptureExtension.class)
class ErrorMappingIntegrationTests {

	/** Back to logback-test.xml's level: the cached context does not set it again. */
	@org.junit.jupiter.api.AfterAll
	static void quietRequestIdLinesAgain() {
		org.springframework.boot.logging.LoggingSystem.get(ErrorMappingIntegrationTests.class.getClassLoader())
			.setLogLevel("dev.grpcstarter.core.pipeline.RequestIdInterceptor",
					org.springframework.boot.logging.LogLevel.WARN);
	}

	@Autowired
	private ApplicationContext context;

	private LocalGrpcChannel channel;

	private FailingServiceGrpc.FailingServiceBlockingStub stub;

	@BeforeEach
	void openChannel() {
		this.channel = LocalGrpcChannel.to(this.context);
		this.stub = FailingServiceGrpc.newBlockingStub(this.channel.channel());
	}

	@AfterEach
	void closeChannel() throws InterruptedException {
		this.channel.close();
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			entity-not-found      | NOT_FOUND           | book 7 does not exist
			empty-result          | NOT_FOUND           | not found
			no-such-element       | NOT_FOUND           | no book 8
			access-denied         | PERMISSION_DENIED   | permission denied
			authentication        | UNAUTHENTICATED     | authentication required
			illegal-argument      | INVALID_ARGUMENT    | page size must be positive
			bind                  | INVALID_ARGUMENT    | invalid argument: title: size must be between 3 and 200
			optimistic-lock       | ABORTED             | concurrent modification, retry the call
			duplicate-key         | ALREADY_EXISTS      | already exists
			data-integrity        | FAILED_PRECONDITION | data integrity violation
			query-timeout         | DEADLINE_EXCEEDED   | query timed out
			timeout               | DEADLINE_EXCEEDED   | timed out
			cannot-get-connection | UNAVAILABLE         | database unavailable
			transient-resource    | UNAVAILABLE         | database unavailable
			cannot-create-transaction | UNAVAILABLE     | database unavailable
			resource-failure      | UNAVAILABLE         | database unavailable
			wrapped-connection-failure | UNAVAILABLE    | database unavailable
			unsupported           | UNIMPLEMENTED       | export is not supported yet
			status-runtime        | OUT_OF_RANGE        | page 9 of 3
			status-checked        | RESOURCE_EXHAUSTED  | quota
			abort-failed-precondition | FAILED_PRECONDITION | book is checked out
			other                 | INTERNAL            | internal server error
			""")
	void whenUnaryMethodThrowsThenClientGetsMappedStatus(String kind, Status.Code code, String description) {
		StatusRuntimeException failure = failUnary(kind);
		assertThat(failure.getStatus().getCode()).isEqualTo(code);
		assertThat(failure.getStatus().getDescription()).isEqualTo(description);
		assertThat(failure.getTrailers().get(RequestContext.REQUEST_ID_KEY)).isNotBlank();
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			entity-not-found | NOT_FOUND        | book 7 does not exist
			illegal-argument | INVALID_ARGUMENT | page size must be positive
			status-runtime   | OUT_OF_RANGE     | page 9 of 3
			other            | INTERNAL         | internal server error
			""")
	void whenStreamingMethodThrowsAfterFirstMessageThenClientGetsMappedStatus(String kind, Status.Code code,
			String description) {
		Iterator<Reply> replies = this.stub.failStream(FailRequest.newBuilder().setKind(kind).build());
		assertThat(replies.next().getText()).isEqualTo("first");
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, replies::next);
		assertThat(failure.getStatus().getCode()).isEqualTo(code);
		assertThat(failure.getStatus().getDescription()).isEqualTo(description);
		assertThat(failure.getTrailers().get(RequestContext.REQUEST_ID_KEY)).isNotBlank();
	}

	@Test
	void whenConstraintsAreViolatedThenInvalidArgumentNamesEveryField() {
		StatusRuntimeException failure = failUnary("constraint-violation");
		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(failure.getStatus().getDescription()).startsWith("invalid argument: ")
			.contains("title: ")
			.contains("year: ");
	}

	@Test
	void whenServiceCodeRaisesConstraintViolationsThenClientReadsThemAsBadRequest() throws Exception {
		StatusRuntimeException failure = failUnary("constraint-violation");
		assertThat(ValidationIntegrationTests.violations(failure))
			.extracting(ValidationIntegrationTests.Violation::field, ValidationIntegrationTests.Violation::reason)
			.containsExactly(tuple("title", "NotBlank"), tuple("year", "Positive"));
	}

	@Test
	void whenServiceCodeRaisesBindExceptionThenClientReadsItAsBadRequest() throws Exception {
		StatusRuntimeException failure = failUnary("bind");
		assertThat(ValidationIntegrationTests.violations(failure)).containsExactly(
				new ValidationIntegrationTests.Violation("title", "", "size must be between 3 and 200"));
	}

	@Test
	void whenExceptionTextHoldsSecretsThenClientNeverSeesThem() {
		for (String kind : new String[] { "access-denied", "authentication", "optimistic-lock", "duplicate-key",
				"data-integrity", "query-timeout", "timeout", "cannot-get-connection", "transient-resource",
				"cannot-create-transaction", "resource-failure", "wrapped-connection-failure", "other" }) {
			StatusRuntimeException failure = failUnary(kind);
			assertThat(failure.getStatus().getDescription()).as(kind).doesNotContain("hunter2");
			assertThat(failure.getTrailers().toString()).as(kind).doesNotContain("hunter2");
		}
	}

	@Test
	void whenUnmappedExceptionThenStackTraceIsLoggedWithTheRequestIdOfTheTrailer(CapturedOutput output) {
		StatusRuntimeException failure = failUnary("other");
		String requestId = failure.getTrailers().get(RequestContext.REQUEST_ID_KEY);
		assertThat(output).contains("Unhandled exception in gRPC call test.v1.FailingService/Fail [request-id="
				+ requestId + "]")
			.contains("java.lang.IllegalStateException: connection failed: " + FailingGrpcService.SECRET)
			.contains("at dev.grpcstarter.it.app.FailingGrpcService");
	}

	@Test
	void whenCallFailsThenOneLogLineCarriesTheRequestId(CapturedOutput output) {
		StatusRuntimeException failure = failUnary("entity-not-found");
		String requestId = failure.getTrailers().get(RequestContext.REQUEST_ID_KEY);
		assertThat(output).contains("gRPC test.v1.FailingService/Fail failed: NOT_FOUND book 7 does not exist [request-id="
				+ requestId + "]");
	}

	@Test
	void whenClientSendsWellFormedRequestIdThenItIsKept() {
		Metadata headers = new Metadata();
		headers.put(RequestContext.REQUEST_ID_KEY, "trace-0123456789");
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> this.stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
					.fail(FailRequest.newBuilder().setKind("no-such-element").build()));
		assertThat(failure.getTrailers().get(RequestContext.REQUEST_ID_KEY)).isEqualTo("trace-0123456789");
	}

	@Test
	void whenClientSendsMalformedRequestIdThenItIsReplaced() {
		Metadata headers = new Metadata();
		headers.put(RequestContext.REQUEST_ID_KEY, "evil id\twith spaces");
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> this.stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
					.fail(FailRequest.newBuilder().setKind("no-such-element").build()));
		assertThat(failure.getTrailers().get(RequestContext.REQUEST_ID_KEY)).matches("[0-9a-f]{32}");
	}

	@Test
	void whenCallSucceedsThenItIsAnsweredNormally() {
		assertThat(this.stub.fail(FailRequest.newBuilder().setKind("none").build()).getText()).isEqualTo("ok");
	}

	private StatusRuntimeException failUnary(String kind) {
		return catchThrowableOfType(StatusRuntimeException.class,
				() -> this.stub.fail(FailRequest.newBuilder().setKind(kind).setMessage("m").build()));
	}

}
