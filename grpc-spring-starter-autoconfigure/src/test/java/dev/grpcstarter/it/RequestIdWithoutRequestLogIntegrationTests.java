package dev.grpcstarter.it;

import dev.grpcstarter.core.call.RequestContext;
import dev.grpcstarter.core.requestlog.RequestLogTracerFactory;
import dev.grpcstarter.it.app.TestApplication;
import dev.grpcstarter.test.v1.FailRequest;
import dev.grpcstarter.test.v1.FailingServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Without the request log (whose stream tracer opens each call's request context) the
 * request-id interceptor opens it, and unknown methods still answer with the id.
 */
@SpringBootTest(classes = TestApplication.class,
		properties = { "spring.grpc.server.port=0", "grpc.request-log.enabled=false" })
class RequestIdWithoutRequestLogIntegrationTests {

	@Autowired
	private ApplicationContext context;

	private LocalGrpcChannel channel;

	@BeforeEach
	void openChannel() {
		this.channel = LocalGrpcChannel.to(this.context);
	}

	@AfterEach
	void closeChannel() throws InterruptedException {
		this.channel.close();
	}

	@Test
	void whenAServiceFailsThenTheTrailerCarriesTheRequestIdTheClientSent() {
		assertThat(this.context.getBeanProvider(RequestLogTracerFactory.class).getIfAvailable()).isNull();
		Metadata headers = new Metadata();
		headers.put(RequestContext.REQUEST_ID_KEY, "trace-without-log");
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> FailingServiceGrpc.newBlockingStub(this.channel.channel())
					.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
					.fail(FailRequest.newBuilder().setKind("no-such-element").build()));
		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
		assertThat(failure.getTrailers().get(RequestContext.REQUEST_ID_KEY)).isEqualTo("trace-without-log");
	}

	@Test
	void whenAnUnknownMethodIsCalledThenUnimplementedCarriesARequestId() throws Exception {
		RawCalls.Outcome outcome = RawCalls.call(this.channel.channel(),
				RawCalls.method("nope.v1.Nope/Call", MethodType.UNARY), CallOptions.DEFAULT, new Metadata(),
				new byte[0]);
		assertThat(outcome.status().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
		assertThat(outcome.requestId()).matches("[0-9a-f]{32}");
	}

}
