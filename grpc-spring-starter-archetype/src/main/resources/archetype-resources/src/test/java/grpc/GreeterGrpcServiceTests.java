package ${package}.grpc;

import java.util.concurrent.TimeUnit;

import ${package}.v1.GreeterServiceGrpc;
import ${package}.v1.HelloRequest;
import ${package}.v1.WhoAmIReply;
import ${package}.v1.WhoAmIRequest;
import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.NewApiKey;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The service on a real server on a free port, with an in-memory database: the public
 * method answers anyone, the keyed one only a caller with an API key.
 */
@SpringBootTest(properties = { "spring.grpc.server.port=0", "spring.datasource.url=jdbc:h2:mem:test" })
class GreeterGrpcServiceTests {

	private static final Metadata.Key<String> API_KEY = Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);

	@Autowired
	private GrpcServerLifecycle server;

	@Autowired
	private ApiKeyService keys;

	private ManagedChannel channel;

	@BeforeEach
	void connect() {
		this.channel = Grpc.newChannelBuilderForAddress("localhost", this.server.getPort(),
				InsecureChannelCredentials.create()).build();
	}

	@AfterEach
	void disconnect() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void sayHelloNeedsNoKey() {
		assertThat(GreeterServiceGrpc.newBlockingStub(this.channel)
			.sayHello(HelloRequest.newBuilder().setName("Ada").build())
			.getMessage()).isEqualTo("Hello, Ada!");
	}

	@Test
	void whoAmINeedsAKeyAndAnswersItsOwner() {
		StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
				() -> GreeterServiceGrpc.newBlockingStub(this.channel).whoAmI(WhoAmIRequest.getDefaultInstance()));
		assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);

		String key = this.keys.create(NewApiKey.of("test", "alice")).rawKey();
		Metadata headers = new Metadata();
		headers.put(API_KEY, key);
		WhoAmIReply reply = GreeterServiceGrpc.newBlockingStub(this.channel)
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
			.whoAmI(WhoAmIRequest.getDefaultInstance());
		assertThat(reply.getName()).isEqualTo("alice");
	}

}
