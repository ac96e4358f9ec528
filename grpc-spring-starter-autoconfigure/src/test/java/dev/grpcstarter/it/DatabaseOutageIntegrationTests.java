package dev.grpcstarter.it;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.CreatedApiKey;
import dev.grpcstarter.core.apikey.NewApiKey;
import dev.grpcstarter.core.auth.KeyLookupExecutor;
import dev.grpcstarter.core.call.RequestContext;
import dev.grpcstarter.core.requestlog.RejectedCallRowBudget;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import dev.grpcstarter.test.v1.PingServiceGrpc;
import dev.grpcstarter.test.v1.Reply;
import dev.grpcstarter.test.v1.SecuredServiceGrpc;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

import static dev.grpcstarter.it.ApiKeyCalls.assertFails;
import static dev.grpcstarter.it.ApiKeyCalls.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * When PostgreSQL goes away, a cached key keeps working (no database round trip, then its
 * last verified state), an uncached key gets UNAVAILABLE within a second: fail closed,
 * never anonymous, never a hang, and no pile-up of threads. A service whose transaction
 * cannot reach the database answers UNAVAILABLE with its request id, within the pool's
 * connection timeout.
 */
class DatabaseOutageIntegrationTests {

	/** Length of the outage under load; {@code -Doutage.seconds=30} for the full figure. */
	private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("outage.seconds", 10));

	/** One call every 5 ms: 200 calls/s. */
	private static final long CALL_INTERVAL_MICROS = 5_000;

	/**
	 * The calls of the secured service in the request log: rows, and the calls refused
	 * before authentication (the revoked keys) that summary rows count past the budget.
	 */
	private static final String SECURED_CALLS = "select sum(calls) from grpc_request_log where service = 'test.v1.SecuredService'";

	@Test
	void whenDatabaseIsDownThenCachedKeysWorkAndOthersGetUnavailable() throws Exception {
		EmbeddedPostgres postgres = dev.grpcstarter.it.EmbeddedPostgres.startDedicated();
		List<String> properties = new ArrayList<>(List.of("grpc.auth.cache-ttl=5m"));
		properties.addAll(dev.grpcstarter.it.EmbeddedPostgres
			.datasourceProperties(postgres.getJdbcUrl("postgres", "postgres"), Duration.ofSeconds(1)));
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
			long start = System.nanoTime();
			assertFails(() -> withKey(stub, uncached).whoAmI(AbstractApiKeyAuthenticationTests.ping()),
					Status.Code.UNAVAILABLE, "authentication temporarily unavailable");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
			assertFails(() -> stub.whoAmI(AbstractApiKeyAuthenticationTests.ping()), Status.Code.UNAUTHENTICATED,
					"missing API key");
		}
		finally {
			postgres.close();
		}
	}

	/**
	 * 200 calls/s through a TCP proxy the test cuts: three cached keys (150 calls/s), ten
	 * keys never used before (50 calls/s), a key revoked through the service before the
	 * outage, and a key revoked in the database during the outage by another path. The
	 * cache TTL is 1 s, so cached keys run on their last verified state for nearly the whole
	 * outage. Hikari keeps its default 30 s connection timeout: the calls must not depend on it.
	 */
	@Test
	void whenTheDatabaseIsCutUnderLoadThenCachedKeysNeverFailUncachedKeysFailFastAndThreadsStayBounded()
			throws Exception {
		String database = dev.grpcstarter.it.EmbeddedPostgres.newDatabase();
		URI target = URI.create(database.substring("jdbc:".length()));
		try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort());
				ConfigurableApplicationContext app = ApiKeyStartupIntegrationTests.start(
						"spring.datasource.url=" + database.replace(":" + target.getPort() + "/", ":" + proxy.port() + "/"),
						"spring.datasource.username=postgres", "spring.datasource.password=",
						"spring.jpa.hibernate.ddl-auto=validate", "grpc.auth.failed-attempts.max=0",
						"grpc.auth.cache-ttl=1s", "grpc.auth.lookup.circuit-breaker.wait-duration-in-open-state=1s",
						"grpc.request-log.flush-interval=100ms");
				LocalGrpcChannel channel = LocalGrpcChannel.to(app);
				Load load = new Load(SecuredServiceGrpc.newStub(channel.channel()));
				ServerThreads peak = new ServerThreads()) {
			ApiKeyService keys = app.getBean(ApiKeyService.class);
			CircuitBreaker breaker = app.getBean(KeyLookupExecutor.class).circuitBreaker();
			List<String> cached = List.of(create(keys, "cached-1"), create(keys, "cached-2"), create(keys, "cached-3"));
			List<String> uncached = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				uncached.add(create(keys, "uncached-" + i));
			}
			CreatedApiKey revokedDuring = keys.create(NewApiKey.of("revoked-during", "rita"));
			CreatedApiKey revokedBefore = keys.create(NewApiKey.of("revoked-before", "rita"));
			SecuredServiceGrpc.SecuredServiceBlockingStub stub = SecuredServiceGrpc.newBlockingStub(channel.channel());
			AtomicLong blockingCalls = new AtomicLong();
			for (String key : List.of(cached.get(0), cached.get(1), cached.get(2), revokedDuring.rawKey(),
					revokedBefore.rawKey())) {
				blockingCalls.incrementAndGet();
				withKey(stub, key).whoAmI(AbstractApiKeyAuthenticationTests.ping());
			}
			keys.revoke(revokedBefore.key().id());

			load.start(cached, uncached, revokedDuring.rawKey(), revokedBefore.rawKey());
			// Warm up until the server has served a few hundred calls, then take the baseline.
			await().atMost(Duration.ofSeconds(30)).until(() -> load.completed() >= 400);
			int baseline = ServerThreads.count();

			peak.start();
			proxy.cut();
			long cutAt = System.nanoTime();
			load.useUncachedKeys();
			await().atMost(Duration.ofSeconds(10)).until(() -> breaker.getState() != CircuitBreaker.State.CLOSED);
			long openedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cutAt);
			try (Connection direct = DriverManager.getConnection(database, "postgres", "");
					PreparedStatement revoke = direct
						.prepareStatement("update grpc_api_key set revoked_at = current_timestamp where id = ?")) {
				revoke.setLong(1, revokedDuring.key().id());
				assertThat(revoke.executeUpdate()).isOne();
			}
			// The outage's length is the scenario, not a stand-in for an event.
			Thread.sleep(Math.max(0, OUTAGE.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cutAt)));
			proxy.restore();
			long restoredAt = System.nanoTime();
			int peakThreads = peak.stop();

			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				blockingCalls.incrementAndGet();
				assertFails(
						() -> withKey(stub, revokedDuring.rawKey()).whoAmI(AbstractApiKeyAuthenticationTests.ping()),
						Status.Code.UNAUTHENTICATED, "API key revoked");
			});
			long revalidatedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restoredAt);
			assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			await().atMost(Duration.ofSeconds(20)).until(() -> load.succeededAfter(Load.Kind.UNCACHED, restoredAt) > 0);
			load.stop();

			System.out.printf(
					"Outage of %d s at 200 calls/s: %d calls, %d with cached keys (%d failed), %d with uncached keys"
							+ " during the outage, answered in at most %d ms; breaker open after %d ms; server threads"
							+ " %d at baseline, %d at peak; revoked key refused %d ms after recovery%n",
					OUTAGE.toSeconds(), load.completed(), load.count(Load.Kind.CACHED),
					load.all(Load.Kind.CACHED).stream().filter((call) -> call.code() != Status.Code.OK).count(),
					load.startedBetween(Load.Kind.UNCACHED, cutAt, restoredAt).size(),
					load.slowestMillis(Load.Kind.UNCACHED), openedAfterMillis, baseline, peakThreads,
					revalidatedAfterMillis);
			assertThat(load.failures(Load.Kind.CACHED)).as("calls with cached keys that failed").isEmpty();
			assertThat(load.count(Load.Kind.CACHED)).isGreaterThan(OUTAGE.toSeconds() * 100);
			List<Load.Call> uncachedDuringOutage = load.startedBetween(Load.Kind.UNCACHED, cutAt, restoredAt);
			assertThat(uncachedDuringOutage).hasSizeGreaterThan((int) OUTAGE.toSeconds() * 30);
			assertThat(uncachedDuringOutage).allSatisfy((call) -> {
				assertThat(call.millis()).as("answered within a second").isLessThan(1000);
				if (call.endNanos() < restoredAt) {
					assertThat(call.code()).isEqualTo(Status.Code.UNAVAILABLE);
					assertThat(call.description()).isEqualTo("authentication temporarily unavailable");
				}
			});
			assertThat(load.all(Load.Kind.REVOKED_BEFORE)).isNotEmpty()
				.allSatisfy((call) -> assertThat(call.code()).isNotEqualTo(Status.Code.OK));
			assertThat(peakThreads).as("server threads during the outage").isLessThanOrEqualTo(baseline + 50);

			// Every call the server answered has its row, or is counted in a summary row, once
			// the open windows are summarised and the writer caught up. A row is handed over just
			// after its client saw the answer, so the last rows are waited for; more rows than
			// calls fail it all the same.
			RequestLogWriter writer = app.getBean(RequestLogWriter.class);
			long answered = load.completed() + blockingCalls.get();
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				app.getBean(RejectedCallRowBudget.class).closeAllWindows();
				assertThat(writer.awaitIdle(Duration.ofSeconds(10))).isTrue();
				assertThat(app.getBean(JdbcTemplate.class).queryForObject(SECURED_CALLS, Long.class))
					.isEqualTo(answered);
			});
			// And no late duplicate: still exact once the writer is idle again.
			assertThat(writer.awaitIdle(Duration.ofSeconds(10))).isTrue();
			assertThat(app.getBean(JdbcTemplate.class).queryForObject(SECURED_CALLS, Long.class)).isEqualTo(answered);
			assertThat(writer.counts().dropped()).isZero();
		}
	}

	private static String create(ApiKeyService keys, String name) {
		return keys.create(NewApiKey.of(name, "rita")).rawKey();
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

	/**
	 * Threads of this JVM but the test proxy's, which come and go with its connections;
	 * sampled every 20 ms (an idle thread of a cached pool lives for a minute, so a rise is
	 * not missed).
	 */
	private static final class ServerThreads implements AutoCloseable {

		private static final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

		private final AtomicInteger peak = new AtomicInteger();

		private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

		void start() {
			this.sampler.scheduleAtFixedRate(() -> this.peak.accumulateAndGet(count(), Math::max), 0, 20,
					TimeUnit.MILLISECONDS);
		}

		static int count() {
			int count = 0;
			for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
				if (info != null && !info.getThreadName().startsWith("tcp-proxy")) {
					count++;
				}
			}
			return count;
		}

		int stop() throws InterruptedException {
			this.sampler.shutdown();
			this.sampler.awaitTermination(5, TimeUnit.SECONDS);
			return this.peak.get();
		}

		@Override
		public void close() {
			this.sampler.shutdownNow();
		}

	}

	/** Calls at a fixed rate, without blocking: each outcome is recorded when it arrives. */
	private static final class Load implements AutoCloseable {

		enum Kind {

			CACHED, UNCACHED, REVOKED_DURING, REVOKED_BEFORE

		}

		record Call(Kind kind, long startNanos, long endNanos, Status.Code code, String description) {

			long millis() {
				return TimeUnit.NANOSECONDS.toMillis(this.endNanos - this.startNanos);
			}

		}

		private final SecuredServiceGrpc.SecuredServiceStub stub;

		private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

		private final Queue<Call> calls = new ConcurrentLinkedQueue<>();

		private final AtomicLong sent = new AtomicLong();

		private final AtomicLong completed = new AtomicLong();

		private volatile boolean uncachedKeysInUse;

		Load(SecuredServiceGrpc.SecuredServiceStub stub) {
			this.stub = stub;
		}

		void start(List<String> cached, List<String> uncached, String revokedDuring, String revokedBefore) {
			this.ticker.scheduleAtFixedRate(() -> {
				long n = this.sent.getAndIncrement();
				// Of every 20 calls: 14 with cached keys, 5 with the ten uncached keys, one with a revoked key.
				int slot = (int) (n % 20);
				if (slot < 14) {
					call(Kind.CACHED, cached.get((int) (n % cached.size())));
				}
				else if (slot < 19) {
					if (this.uncachedKeysInUse) {
						call(Kind.UNCACHED, uncached.get((int) ((n / 20 * 5 + slot - 14) % uncached.size())));
					}
					else {
						// Until the outage these keys stay unused, so that no cache holds them.
						call(Kind.CACHED, cached.get((int) (n % cached.size())));
					}
				}
				else if (n / 20 % 2 == 0) {
					call(Kind.REVOKED_DURING, revokedDuring);
				}
				else {
					call(Kind.REVOKED_BEFORE, revokedBefore);
				}
			}, 0, CALL_INTERVAL_MICROS, TimeUnit.MICROSECONDS);
		}

		void useUncachedKeys() {
			this.uncachedKeysInUse = true;
		}

		private void call(Kind kind, String key) {
			long start = System.nanoTime();
			withKey(this.stub, key).withDeadlineAfter(5, TimeUnit.SECONDS)
				.whoAmI(AbstractApiKeyAuthenticationTests.ping(), new StreamObserver<>() {
					@Override
					public void onNext(Reply value) {
					}

					@Override
					public void onError(Throwable error) {
						Status status = Status.fromThrowable(error);
						record(new Call(kind, start, System.nanoTime(), status.getCode(),
								String.valueOf(status.getDescription())));
					}

					@Override
					public void onCompleted() {
						record(new Call(kind, start, System.nanoTime(), Status.Code.OK, ""));
					}
				});
		}

		private void record(Call call) {
			this.calls.add(call);
			this.completed.incrementAndGet();
		}

		long completed() {
			return this.completed.get();
		}

		void stop() throws InterruptedException {
			this.ticker.shutdown();
			this.ticker.awaitTermination(5, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(30)).until(() -> this.completed.get() == this.sent.get());
		}

		List<Call> all(Kind kind) {
			return this.calls.stream().filter((call) -> call.kind() == kind).toList();
		}

		long count(Kind kind) {
			return all(kind).size();
		}

		List<Call> failures(Kind kind) {
			return all(kind).stream().filter((call) -> call.code() != Status.Code.OK).limit(20).toList();
		}

		List<Call> startedBetween(Kind kind, long from, long to) {
			return all(kind).stream().filter((call) -> call.startNanos() >= from && call.startNanos() < to).toList();
		}

		long succeededAfter(Kind kind, long since) {
			return all(kind).stream()
				.filter((call) -> call.code() == Status.Code.OK && call.startNanos() >= since)
				.count();
		}

		long slowestMillis(Kind kind) {
			return all(kind).stream().mapToLong(Call::millis).max().orElse(0);
		}

		@Override
		public void close() {
			this.ticker.shutdownNow();
		}

	}

}
