package dev.grpcstarter.test;

import dev.grpcstarter.core.requestlog.RequestLogEntry;
import dev.grpcstarter.core.requestlog.RequestStatus;
import dev.grpcstarter.test.app.GreeterApplication;
import dev.grpcstarter.test.app.v1.GreeterServiceGrpc;
import dev.grpcstarter.test.app.v1.GreeterServiceGrpc.GreeterServiceBlockingStub;
import dev.grpcstarter.test.app.v1.HelloRequest;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The test support against a real server on a random port and an H2 database.
 */
@SpringBootTest(classes = GreeterApplication.class)
@GrpcStarterTest
class GrpcTestClientTests {

	private static final HelloRequest ADA = HelloRequest.newBuilder().setName("ada").build();

	@Autowired
	private GrpcTestClient grpc;

	@Autowired
	private GrpcServerLifecycle server;

	@Test
	void whenAnnotatedThenServerRunsOnARandomPort() {
		assertThat(this.server.getPort()).isPositive().isNotEqualTo(50051).isNotEqualTo(9090);
	}

	@Test
	void whenPublicMethodIsCalledWithoutKeyThenItsRowCanBeAwaited() {
		assertThat(this.grpc.stub(GreeterServiceGrpc::newBlockingStub).hello(ADA).getText()).isEqualTo("hello ada");
		RequestLogEntry row = this.grpc.requestLog().awaitCall("testsupport.v1.GreeterService/Hello");
		assertThat(row.status()).isEqualTo(RequestStatus.SUCCESS);
		assertThat(row.authenticated()).isFalse();
		assertThat(row.requestId()).isEqualTo(this.grpc.sentCalls().get(this.grpc.sentCalls().size() - 1).requestId());
	}

	@Test
	void whenKeyIsAttachedThenTheCallActsForItsOwnerAndTheRowRecordsTheKey() {
		TestApiKey key = this.grpc.apiKey().owner("grace").create();
		GreeterServiceBlockingStub greeter = this.grpc.stub(GreeterServiceGrpc::newBlockingStub, key);
		assertThat(greeter.whoAmI(ADA).getText()).isEqualTo("grace");
		RequestLogEntry row = this.grpc.requestLog().awaitLastCall();
		assertThat(row.fullMethodName()).isEqualTo("testsupport.v1.GreeterService/WhoAmI");
		assertThat(row.apiKeyId()).isEqualTo(key.id());
		assertThat(row.principal()).isEqualTo("grace");
		assertThat(this.grpc.requestLog().rowsOf(key)).extracting(RequestLogEntry::id).containsExactly(row.id());
	}

	@Test
	void whenKeyedMethodIsCalledWithoutKeyThenUnauthenticatedAndTheFailedRowCanBeAwaited() {
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> this.grpc.stub(GreeterServiceGrpc::newBlockingStub).whoAmI(ADA));
		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
		RequestLogEntry row = this.grpc.requestLog().awaitCall("testsupport.v1.GreeterService/WhoAmI");
		assertThat(row.grpcCode()).isEqualTo("UNAUTHENTICATED");
	}

	@Test
	void whenKeyHasTheAuthorityThenPermittedAndWithoutItDenied() {
		TestApiKey auditor = this.grpc.apiKey().authorities("audit:read").create();
		TestApiKey other = this.grpc.apiKey().create();
		assertThat(this.grpc.stub(GreeterServiceGrpc::newBlockingStub, auditor).audit(ADA).getText())
			.isEqualTo("audited");
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> this.grpc.stub(GreeterServiceGrpc::newBlockingStub, other).audit(ADA));
		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	@Test
	void whenKeyIsScopedToOneMethodThenOtherMethodsAreDenied() {
		TestApiKey key = this.grpc.apiKey().scopes("testsupport.v1.GreeterService/WhoAmI").create();
		GreeterServiceBlockingStub greeter = this.grpc.stub(GreeterServiceGrpc::newBlockingStub, key);
		assertThat(greeter.whoAmI(ADA).getText()).isEqualTo("test-user");
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, () -> greeter.audit(ADA));
		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	@Test
	void whenKeyHasARateLimitThenTheCallOverItIsRefused() {
		TestApiKey key = this.grpc.apiKey().rateLimitPerMinute(1).create();
		GreeterServiceBlockingStub greeter = this.grpc.stub(GreeterServiceGrpc::newBlockingStub, key);
		greeter.whoAmI(ADA);
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, () -> greeter.whoAmI(ADA));
		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
	}

	@Test
	void whenCallSendsItsOwnRequestIdThenItsRowIsFoundByIt() {
		Metadata headers = new Metadata();
		headers.put(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER), "own-request-id-1");
		this.grpc.stub(GreeterServiceGrpc::newBlockingStub)
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
			.hello(ADA);
		assertThat(this.grpc.requestLog().awaitRow("own-request-id-1").method()).isEqualTo("Hello");
		assertThat(this.grpc.requestLog().awaitLastCall().requestId()).isEqualTo("own-request-id-1");
	}

	@Test
	void whenMethodWasNeverCalledThenAwaitingItsRowFails() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.grpc.requestLog().awaitCall("testsupport.v1.GreeterService/Nothing"))
			.withMessageContaining("No call of testsupport.v1.GreeterService/Nothing");
	}

	@Test
	void whenRowNeverComesThenAwaitingItFailsAfterTheTimeout() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.grpc.requestLog()
				.withTimeout(java.time.Duration.ofMillis(200))
				.awaitRow("never-sent-request-id"))
			.withMessageContaining("never-sent-request-id");
	}

}
