package dev.grpcstarter.it;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.CreatedApiKey;
import dev.grpcstarter.core.apikey.NewApiKey;
import dev.grpcstarter.core.background.BackgroundScheduler;
import dev.grpcstarter.core.requestlog.RequestLogEntry;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import dev.grpcstarter.core.requestlog.RequestStatus;
import dev.grpcstarter.core.status.InstanceStatus;
import dev.grpcstarter.core.status.ServerInstanceService;
import dev.grpcstarter.core.status.ServerInstanceStore;
import dev.grpcstarter.it.app.TestApplication;
import dev.grpcstarter.test.v1.PingRequest;
import dev.grpcstarter.test.v1.Reply;
import dev.grpcstarter.test.v1.SecuredServiceGrpc;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.grpc.server.lifecycle.GrpcServerShutdownEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static dev.grpcstarter.it.ApiKeyCalls.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter's background work lives exactly as long as the application context runs:
 * no thread before the context starts, one writer thread and the shared scheduler's
 * threads while it runs, none after it closed; the last rows and usage counts are written
 * after the gRPC server stopped taking calls.
 */
class BackgroundLifecycleIntegrationTests {

	/** Threads that existed before the application under test started. */
	private static volatile Set<Thread> threadsBefore = Set.of();

	@Test
	void whenTheContextStartsAndClosesThenTheStarterThreadsLiveExactlyAsLongAsItRuns() {
		threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
		ConfigurableApplicationContext app = start(h2(), ThreadCensus.class,
				"grpc.server-status.heartbeat-interval=1s");
		List<Thread> running;
		try {
			assertThat(app.getBean(ThreadCensus.class).beforeStart)
				.as("starter threads once every bean is created, before any lifecycle starts")
				.isEmpty();
			running = starterThreads();
			assertThat(running).extracting(Thread::getName)
				.contains(RequestLogWriter.THREAD_NAME)
				.anyMatch((name) -> name.startsWith(BackgroundScheduler.THREAD_NAME_PREFIX))
				.allMatch((name) -> name.equals(RequestLogWriter.THREAD_NAME)
						|| name.startsWith(BackgroundScheduler.THREAD_NAME_PREFIX));
		}
		finally {
			app.close();
		}
		assertThat(running).as("starter threads after the context closed").noneMatch(Thread::isAlive);
	}

	@Test
	void whenChoresAreDueThenTheSharedSchedulerRunsRetentionPurgeUsageFlushAndHeartbeats() {
		threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
		try (ConfigurableApplicationContext app = start(h2(), null, "grpc.server-status.heartbeat-interval=1s",
				"grpc.server-status.purge-after=5s", "grpc.server-status.purge-interval=100ms",
				"grpc.request-log.retention=1d", "grpc.request-log.retention-interval=100ms",
				"grpc.auth.usage-flush-interval=100ms");
				LocalGrpcChannel channel = LocalGrpcChannel.to(app)) {
			JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
			RequestLogWriter writer = app.getBean(RequestLogWriter.class);
			Instant longAgo = Instant.parse("2001-01-01T00:00:00Z");
			writer.accept(new RequestLogEntry(null, "old-row", "old-instance", "old.v1.Old", "M", "unary",
					RequestStatus.SUCCESS, "OK", null, 1, null, null, false, null, null, 1, 1, 1, 1, longAgo));
			assertThat(writer.awaitIdle(Duration.ofSeconds(10))).isTrue();
			assertThat(writer.counts().written()).isPositive();
			app.getBean(ServerInstanceStore.class)
				.save(new ServerInstanceStore.Row("old-instance", "host", null, 1, 1, InstanceStatus.STOPPED, longAgo,
						longAgo, longAgo, null, null, null));
			CreatedApiKey key = app.getBean(ApiKeyService.class).create(NewApiKey.of("usage", "uma"));
			withKey(SecuredServiceGrpc.newBlockingStub(channel.channel()), key.rawKey()).whoAmI(ping());
			ServerInstanceService instances = app.getBean(ServerInstanceService.class);
			Instant firstHeartbeat = instances.current().orElseThrow().lastHeartbeat();

			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
				assertThat(count(jdbc, "select count(*) from grpc_request_log where request_id = 'old-row'"))
					.as("retention")
					.isZero();
				assertThat(count(jdbc, "select count(*) from grpc_server_instance where instance_id = 'old-instance'"))
					.as("purge")
					.isZero();
				assertThat(jdbc.queryForObject("select request_count from grpc_api_key where id = ?", Long.class,
						key.key().id()))
					.as("usage flush")
					.isEqualTo(1);
				assertThat(instances.current().orElseThrow().lastHeartbeat()).as("heartbeat").isAfter(firstHeartbeat);
			});
			assertThat(starterThreads()).extracting(Thread::getName)
				.allMatch((name) -> name.equals(RequestLogWriter.THREAD_NAME)
						|| name.startsWith(BackgroundScheduler.THREAD_NAME_PREFIX));
		}
		catch (InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void whenTheContextClosesWithCallsInFlightThenEveryRowAndUsageCountIsWritten(String database)
			throws Exception {
		String url = database.equals("h2") ? h2() : EmbeddedPostgres.newDatabase();
		// Nothing is written before the shutdown: rows and counts wait for the final flush.
		ConfigurableApplicationContext app = start(url, ShutdownWatcher.class,
				"spring.grpc.server.shutdown.grace-period=30s", "grpc.request-log.flush-interval=1h",
				"grpc.request-log.batch-size=1000", "grpc.auth.usage-flush-interval=1h");
		RequestLogWriter writer = app.getBean(RequestLogWriter.class);
		CreatedApiKey key = app.getBean(ApiKeyService.class)
			.create(new NewApiKey("shutdown", null, "sam", List.of("ROLE_STAFF"), List.of(), null, null, null));
		int finished = 20;
		int inFlight = 5;
		List<StreamObserver<PingRequest>> chats = new ArrayList<>();
		List<CompletableFuture<Void>> chatsDone = new ArrayList<>();
		try (LocalGrpcChannel channel = LocalGrpcChannel.to(app)) {
			SecuredServiceGrpc.SecuredServiceBlockingStub blocking = withKey(
					SecuredServiceGrpc.newBlockingStub(channel.channel()), key.rawKey());
			for (int i = 0; i < finished; i++) {
				blocking.whoAmI(ping());
			}
			SecuredServiceGrpc.SecuredServiceStub async = withKey(SecuredServiceGrpc.newStub(channel.channel()),
					key.rawKey());
			CountDownLatch echoed = new CountDownLatch(inFlight);
			for (int i = 0; i < inFlight; i++) {
				CompletableFuture<Void> done = new CompletableFuture<>();
				chatsDone.add(done);
				StreamObserver<PingRequest> chat = async.staffChat(new StreamObserver<>() {
					@Override
					public void onNext(Reply value) {
						echoed.countDown();
					}

					@Override
					public void onError(Throwable error) {
						done.completeExceptionally(error);
					}

					@Override
					public void onCompleted() {
						done.complete(null);
					}
				});
				chat.onNext(ping());
				chats.add(chat);
			}
			assertThat(echoed.await(10, TimeUnit.SECONDS)).as("every chat is in flight on the server").isTrue();

			CompletableFuture<Void> closing = CompletableFuture.runAsync(app::close);
			assertThat(app.getBean(ShutdownWatcher.class).serverStopping.await(10, TimeUnit.SECONDS)).isTrue();
			chats.forEach(StreamObserver::onCompleted);
			CompletableFuture.allOf(chatsDone.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
			closing.get(60, TimeUnit.SECONDS);
		}

		RequestLogWriter.Counts counts = writer.counts();
		assertThat(counts.dropped()).isZero();
		assertThat(counts.pending()).isZero();
		assertThat(counts.written()).isEqualTo(counts.accepted());
		JdbcTemplate jdbc = new JdbcTemplate(
				new DriverManagerDataSource(url, database.equals("h2") ? "sa" : "postgres", ""));
		assertThat(count(jdbc, "select count(*) from grpc_request_log where api_key_id = " + key.key().id()
				+ " and method = 'WhoAmI'")).isEqualTo(finished);
		assertThat(count(jdbc, "select count(*) from grpc_request_log where api_key_id = " + key.key().id()
				+ " and method = 'StaffChat' and grpc_code = 'OK'")).isEqualTo(inFlight);
		assertThat(jdbc.queryForObject("select request_count from grpc_api_key where id = ?", Long.class,
				key.key().id()))
			.isEqualTo(finished + inFlight);
	}

	/**
	 * Starter threads started since the test began, by today's names and by those of the
	 * threads each chore used to start for itself.
	 */
	private static List<Thread> starterThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> !threadsBefore.contains(thread))
			.filter((thread) -> thread.getName().startsWith("grpc-request-log")
					|| thread.getName().startsWith("grpc-starter") || thread.getName().startsWith("grpc-api-key")
					|| thread.getName().startsWith("grpc-server-heartbeat")
					|| thread.getName().startsWith("grpc-server-instance"))
			.toList();
	}

	private static long count(JdbcTemplate jdbc, String sql) {
		return jdbc.queryForObject(sql, Long.class);
	}

	private static PingRequest ping() {
		return PingRequest.newBuilder().setText("x").build();
	}

	private static String h2() {
		return "jdbc:h2:mem:background-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
	}

	private static ConfigurableApplicationContext start(String database, Class<?> extra, String... properties) {
		List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + database,
				"--spring.grpc.server.port=0", "--grpc.auth.require-auth=true",
				"--grpc.services.packages=dev.grpcstarter.it.secured", "--spring.jpa.hibernate.ddl-auto=validate"));
		if (database.startsWith("jdbc:postgresql")) {
			args.add("--spring.datasource.username=postgres");
		}
		for (String property : properties) {
			args.add("--" + property);
		}
		SpringApplicationBuilder builder = (extra != null) ? new SpringApplicationBuilder(TestApplication.class, extra)
				: new SpringApplicationBuilder(TestApplication.class);
		return builder.run(args.toArray(String[]::new));
	}

	/** Records the starter's threads when the first lifecycle starts: every bean exists, none has started. */
	@Configuration(proxyBeanMethods = false)
	static class ThreadCensus {

		volatile List<Thread> beforeStart = List.of();

		@Bean
		SmartLifecycle threadCensusLifecycle() {
			return new SmartLifecycle() {

				private volatile boolean running;

				@Override
				public void start() {
					ThreadCensus.this.beforeStart = starterThreads();
					this.running = true;
				}

				@Override
				public void stop() {
					this.running = false;
				}

				@Override
				public boolean isRunning() {
					return this.running;
				}

				@Override
				public int getPhase() {
					return Integer.MIN_VALUE;
				}

			};
		}

	}

	/** Tells when the gRPC server begins its graceful shutdown: from then on it takes no new call. */
	@Configuration(proxyBeanMethods = false)
	static class ShutdownWatcher {

		final CountDownLatch serverStopping = new CountDownLatch(1);

		@EventListener
		void serverStopping(GrpcServerShutdownEvent event) {
			this.serverStopping.countDown();
		}

	}

}
