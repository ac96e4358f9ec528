package dev.grpcstarter.it;

import dev.grpcstarter.it.app.TestApplication;
import dev.grpcstarter.test.v1.PingRequest;
import dev.grpcstarter.test.v1.ReadOnlyWriteServiceGrpc;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import static dev.grpcstarter.it.ApiKeyCalls.withKey;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * API-key authentication with the keys in H2.
 */
@SpringBootTest(classes = TestApplication.class, properties = {
		"spring.datasource.url=jdbc:h2:mem:auth-h2;DB_CLOSE_DELAY=-1" })
class H2ApiKeyAuthenticationTests extends AbstractApiKeyAuthenticationTests {

	@org.springframework.test.context.DynamicPropertySource
	static void properties(org.springframework.test.context.DynamicPropertyRegistry registry) {
		TestProperties.register(registry, PROPERTIES);
	}

	@Test
	void whenReadOnlyServiceWritesOnH2ThenH2IgnoresTheReadOnlyHint() {
		// H2 treats a read-only JDBC connection as a hint only: the write goes through.
		// Documented in docs/authentication.md; PostgreSQL rejects it (see the PostgreSQL test).
		String key = createKey("pat", java.util.List.of());
		assertThat(withKey(ReadOnlyWriteServiceGrpc.newBlockingStub(this.channel.channel()), key)
			.write(PingRequest.newBuilder().setText("x").build())
			.getText()).isEqualTo("updated 0");
	}

}
