package dev.grpcstarter.test;

import dev.grpcstarter.core.requestlog.RequestLogEntry;
import dev.grpcstarter.test.app.GreeterApplication;
import dev.grpcstarter.test.app.v1.GreeterServiceGrpc;
import dev.grpcstarter.test.app.v1.HelloReply;
import dev.grpcstarter.test.app.v1.HelloRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example of docs/testing.md, word for word apart from the explicit application class:
 * it must compile and pass.
 */
@SpringBootTest(classes = GreeterApplication.class)
@GrpcStarterTest
class DocumentedExampleTests {

	@Autowired
	GrpcTestClient grpc;

	@Test
	void auditorMayAuditAndTheCallIsLogged() {
		TestApiKey auditor = grpc.apiKey().owner("ada").authorities("audit:read").create();
		HelloReply reply = grpc.stub(GreeterServiceGrpc::newBlockingStub, auditor).audit(HelloRequest.getDefaultInstance());
		assertThat(reply.getText()).isEqualTo("audited");
		RequestLogEntry row = grpc.requestLog().awaitCall("testsupport.v1.GreeterService/Audit");
		assertThat(row.principal()).isEqualTo("ada");
		assertThat(row.apiKeyId()).isEqualTo(auditor.id());
	}

}
