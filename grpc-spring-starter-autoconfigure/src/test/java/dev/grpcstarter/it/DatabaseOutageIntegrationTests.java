package dev.grpcstarter.it;


import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.NewApiKey;
import dev.grpcstarter.test.v1.SecuredServiceGrpc;
import io.grpc.Status;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.grpcstarter.it.ApiKeyCalls.assertFails;
import static dev.grpcstarter.it.ApiKeyCalls.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When PostgreSQL goes away, a cached key keeps working (no database round trip) and an
 * uncached key gets UNAVAILABLE: fail closed, never anonymous.
 */
class DatabaseOutageIntegrationTests {

	@Test
	void whenDatabaseIsDownThenCachedKeysWorkAndOthersGetUnavailable() throws Exception {
		EmbeddedPostgres postgres = dev.grpcstarter.it.EmbeddedPostgres.startDedicated();
		List<String> properties = new ArrayList<>(List.of("grpc.auth.cache-ttl=5m"));
		properties.addAll(dev.grpcstarter.it.EmbeddedPostgres.datasourceProperties(postgres.getJdbcUrl("postgres", "postgres"),
				Duration.ofSeconds(1)));
		try (ConfigurableApplicationContext app = ApiKeyStartupIntegrationTests.start(properties.toArray(String[]::new));
				LocalGrpcChannel channel = LocalGrpcChannel.to(app)) {
			ApiKeyService keys = app.getBean(ApiKeyService.class);
			String cached = keys.create(NewApiKey.of("cached", "rita")).rawKey();
			String uncached = keys.create(NewApiKey.of("uncached", "sam")).rawKey();
			SecuredServiceGrpc.SecuredServiceBlockingStub stub = SecuredServiceGrpc.newBlockingStub(channel.channel());
			assertThat(withKey(stub, cached).whoAmI(AbstractApiKeyAuthenticationTests.ping()).getText())
				.startsWith("rita|");

			int port = postgres.getPort();
			postgres.close();
			await().atMost(Duration.ofSeconds(30)).until(() -> !accepts(port));

			assertThat(withKey(stub, cached).whoAmI(AbstractApiKeyAuthenticationTests.ping()).getText())
				.startsWith("rita|");
			assertFails(() -> withKey(stub, uncached).whoAmI(AbstractApiKeyAuthenticationTests.ping()),
					Status.Code.UNAVAILABLE, "authentication temporarily unavailable");
			assertFails(() -> stub.whoAmI(AbstractApiKeyAuthenticationTests.ping()), Status.Code.UNAUTHENTICATED,
					"missing API key");
		}
		finally {
			postgres.close();
		}
	}


	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("localhost", port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
