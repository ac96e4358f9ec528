package dev.grpcstarter.it;

import java.util.List;

import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.NewApiKey;
import dev.grpcstarter.it.app.TestApplication;
import dev.grpcstarter.test.v1.ShelfServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static dev.grpcstarter.it.ApiKeyCalls.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Validation runs after authentication: a caller without a valid key is refused before
 * any rule is looked at, so it cannot probe the rules.
 */
@SpringBootTest(classes = TestApplication.class,
		properties = { "spring.grpc.server.port=0", "grpc.auth.require-auth=true",
				"grpc.services.packages=dev.grpcstarter.it.validated", "grpc.auth.failed-attempts.max=0",
				"spring.datasource.url=jdbc:h2:mem:validation-auth;DB_CLOSE_DELAY=-1" })
class ValidationAfterAuthenticationIntegrationTests {

	@Autowired
	private ApplicationContext context;

	@Autowired
	private ApiKeyService keys;

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
	void whenCallerHasNoKeyThenAnInvalidRequestIsRefusedAsUnauthenticated() {
		ShelfServiceGrpc.ShelfServiceBlockingStub stub = ShelfServiceGrpc.newBlockingStub(this.channel.channel());
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> stub.put(ValidationIntegrationTests.valid("")));
		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(failure.getTrailers().toString()).doesNotContain("grpc-status-details-bin");
	}

	@Test
	void whenCallerHasAKeyThenTheSameRequestIsRefusedForItsRules() throws Exception {
		String key = this.keys.create(new NewApiKey("validation", null, "ann", List.of(), List.of(), null, null,
				"tests"))
			.rawKey();
		ShelfServiceGrpc.ShelfServiceBlockingStub stub = withKey(
				ShelfServiceGrpc.newBlockingStub(this.channel.channel()), key);
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> stub.put(ValidationIntegrationTests.valid("")));
		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(ValidationIntegrationTests.violations(failure)).extracting(ValidationIntegrationTests.Violation::field)
			.containsExactly("name");
	}

}
