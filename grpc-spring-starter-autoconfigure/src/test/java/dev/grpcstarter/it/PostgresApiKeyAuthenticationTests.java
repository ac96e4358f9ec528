package dev.grpcstarter.it;

import dev.grpcstarter.it.app.TestApplication;
import dev.grpcstarter.test.v1.PingRequest;
import dev.grpcstarter.test.v1.ReadOnlyWriteServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.grpcstarter.it.ApiKeyCalls.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * API-key authentication with the keys in a real PostgreSQL.
 */
@SpringBootTest(classes = TestApplication.class)
class PostgresApiKeyAuthenticationTests extends AbstractApiKeyAuthenticationTests {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		EmbeddedPostgres.register(registry);
		TestProperties.register(registry, PROPERTIES);
	}

	@Test
	void whenReadOnlyServiceWritesOnPostgresThenTheWriteFails() {
		String key = createKey("pat", java.util.List.of());
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> withKey(ReadOnlyWriteServiceGrpc.newBlockingStub(this.channel.channel()), key)
					.write(PingRequest.newBuilder().setText("x").build()));
		assertThat(failure.getStatus().getCode()).isNotEqualTo(Status.Code.OK);
		assertThat(failure.getStatus().getDescription()).doesNotContain("read-only transaction");
	}

}
