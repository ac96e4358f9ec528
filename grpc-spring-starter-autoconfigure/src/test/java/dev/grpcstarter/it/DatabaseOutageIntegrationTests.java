package dev.grpcstarter.it;


import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.NewApiKey;
import dev.grpcstarter.core.call.RequestContext;
import dev.grpcstarter.test.v1.PingServiceGrpc;
import dev.grpcstarter.test.v1.SecuredServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

import static dev.grpcstarter.it.ApiKeyCalls.assertFails;
import static dev.grpcstarter.it.ApiKeyCalls.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * When PostgreSQL goes away, a cached key keeps working (no database round trip) and an
 * uncached key gets UNAVAILABLE: fail closed, never anonymous. A service whose transaction
 * cannot reach the database answers UNAVAILABLE with its request id, within the pool's
 * connection timeout.
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


	@Test
	void whenTheDatabaseIsCutThenAnAnonymousCallInAJpaTransactionGetsUnavailableWithItsRequestIdAtOnce()
			throws Exception {
		String url = dev.grpcstarter.it.EmbeddedPostgres.newDatabase();
		URI target = URI.create(url.substring("jdbc:".length()));
		try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort());
				ConfigurableApplicationContext app = ApiKeyStartupIntegrationTests.start(
						"spring.datasource.url=" + url.replace(":" + target.getPort() + "/", ":" + proxy.port() + "/"),
						"spring.datasource.username=postgres", "spring.datasource.hikari.connection-timeout=1000",
						"spring.datasource.hikari.validation-timeout=500", "spring.jpa.hibernate.ddl-auto=validate",
						"grpc.services.packages=dev.grpcstarter.it.outage",
						"grpc.auth.public-methods=test.v1.PingService/*");
				LocalGrpcChannel channel = LocalGrpcChannel.to(app)) {
			assertThat(app.getBean(PlatformTransactionManager.class)).isInstanceOf(JpaTransactionManager.class);
			PingServiceGrpc.PingServiceBlockingStub stub = PingServiceGrpc.newBlockingStub(channel.channel());
			assertThat(stub.ping(AbstractApiKeyAuthenticationTests.ping()).getText()).isEqualTo("keys 0");

			proxy.cut();
			for (int i = 0; i < 3; i++) {
				long started = System.nanoTime();
				StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
						() -> stub.withDeadlineAfter(20, TimeUnit.SECONDS).ping(AbstractApiKeyAuthenticationTests.ping()));
				Duration took = Duration.ofNanos(System.nanoTime() - started);
				assertThat(failure).as("call %d while the database is cut", i).isNotNull();
				assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
				assertThat(failure.getStatus().getDescription()).isEqualTo("database unavailable");
				assertThat(failure.getTrailers().get(RequestContext.REQUEST_ID_KEY)).isNotBlank();
				assertThat(took).as("bounded by the pool's connection timeout").isLessThan(Duration.ofSeconds(5));
			}

			proxy.restore();
			await().atMost(Duration.ofSeconds(30))
				.ignoreExceptions()
				.until(() -> stub.ping(AbstractApiKeyAuthenticationTests.ping()).getText().equals("keys 0"));
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
