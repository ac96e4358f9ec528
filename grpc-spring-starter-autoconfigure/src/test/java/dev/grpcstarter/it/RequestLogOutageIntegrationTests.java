package dev.grpcstarter.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.grpcstarter.core.requestlog.RequestLogWriter;
import dev.grpcstarter.test.v1.PingRequest;
import dev.grpcstarter.test.v1.SecuredServiceGrpc;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PostgreSQL outage under load, through a TCP proxy the test cuts and restores: calls
 * keep succeeding, no row is lost while the queue has room, and past the bound the drop
 * count is exactly the number of rows missing from the table.
 */
class RequestLogOutageIntegrationTests {

	private static final String SERVICE_FILTER = "select count(*) from grpc_request_log where service = 'test.v1.SecuredService'";

	@Test
	void whenDatabaseIsCutUnderLoadThenNoRowIsLostWhileTheQueueHasRoom() throws Exception {
		try (TcpProxy proxy = proxyToPostgres();
				ConfigurableApplicationContext app = start(proxy, "grpc.request-log.queue-capacity=100000");
				LocalGrpcChannel channel = LocalGrpcChannel.to(app)) {
			RequestLogWriter writer = app.getBean(RequestLogWriter.class);
			String marker = "outage-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "-";
			AtomicLong sequence = new AtomicLong();
			SecuredServiceGrpc.SecuredServiceBlockingStub stub = SecuredServiceGrpc.newBlockingStub(channel.channel())
				.withInterceptors(new io.grpc.ClientInterceptor() {
					@Override
					public <Q, R> io.grpc.ClientCall<Q, R> interceptCall(io.grpc.MethodDescriptor<Q, R> method,
							io.grpc.CallOptions options, io.grpc.Channel next) {
						return new io.grpc.ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
							@Override
							public void start(Listener<R> listener, io.grpc.Metadata headers) {
								headers.put(dev.grpcstarter.core.call.RequestContext.REQUEST_ID_KEY,
										marker + sequence.incrementAndGet());
								super.start(listener, headers);
							}
						};
					}
				});
			AtomicBoolean loading = new AtomicBoolean(true);
			AtomicLong completed = new AtomicLong();
			ExecutorService load = Executors.newFixedThreadPool(4);
			Future<?>[] workers = new Future<?>[4];
			for (int i = 0; i < workers.length; i++) {
				workers[i] = load.submit(() -> {
					while (loading.get()) {
						stub.public_(PingRequest.newBuilder().setText("x").build());
						completed.incrementAndGet();
					}
				});
			}
			Thread.sleep(500);
			proxy.cut();
			long atCut = completed.get();
			Thread.sleep(3000);
			long duringCut = completed.get() - atCut;
			proxy.restore();
			Thread.sleep(500);
			loading.set(false);
			for (Future<?> worker : workers) {
				worker.get(30, TimeUnit.SECONDS);
			}
			load.shutdown();

			assertThat(duringCut).as("calls kept succeeding while the database was cut").isPositive();
			// A row is handed over when the server closes the stream, just after the client saw the answer.
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> writer.counts().accepted() >= completed.get());
			assertThat(writer.awaitIdle(Duration.ofSeconds(30))).isTrue();
			RequestLogWriter.Counts counts = writer.counts();
			assertThat(counts.dropped()).isZero();
			assertThat(counts.accepted()).isEqualTo(counts.written());
			// Every call this test completed has its row, found by the request id it sent.
			assertThat(app.getBean(JdbcTemplate.class)
				.queryForObject("select count(*) from grpc_request_log where request_id like ?", Long.class,
						marker + "%"))
				.isEqualTo(completed.get());
			assertThat(app.getBean(JdbcTemplate.class).queryForObject(SERVICE_FILTER, Long.class))
				.isEqualTo(counts.written());
		}
	}

	@Test
	void whenTheQueueOverflowsDuringAnOutageThenTheDropCountIsExact() throws Exception {
		try (TcpProxy proxy = proxyToPostgres();
				ConfigurableApplicationContext app = start(proxy, "grpc.request-log.queue-capacity=50",
						"grpc.request-log.batch-size=10");
				LocalGrpcChannel channel = LocalGrpcChannel.to(app)) {
			RequestLogWriter writer = app.getBean(RequestLogWriter.class);
			SecuredServiceGrpc.SecuredServiceBlockingStub stub = SecuredServiceGrpc.newBlockingStub(channel.channel());
			proxy.cut();
			int calls = 300;
			for (int i = 0; i < calls; i++) {
				stub.public_(PingRequest.newBuilder().setText("x").build());
			}
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> writer.counts().accepted() == calls);
			RequestLogWriter.Counts during = writer.counts();
			assertThat(during.pending()).isLessThanOrEqualTo(50 + 10);
			assertThat(during.dropped()).isGreaterThanOrEqualTo(calls - 60);
			proxy.restore();
			assertThat(writer.awaitIdle(Duration.ofSeconds(30))).isTrue();
			RequestLogWriter.Counts counts = writer.counts();
			long rows = app.getBean(JdbcTemplate.class).queryForObject(SERVICE_FILTER, Long.class);
			assertThat(counts.written()).isEqualTo(rows);
			assertThat(counts.dropped()).isEqualTo(calls - rows);
			assertThat(counts.accepted()).isEqualTo(counts.written() + counts.dropped() + counts.pending());
		}
	}

	private static TcpProxy proxyToPostgres() throws Exception {
		String url = EmbeddedPostgres.newDatabase();
		java.net.URI uri = java.net.URI.create(url.substring("jdbc:".length()));
		TcpProxy proxy = new TcpProxy(uri.getHost(), uri.getPort());
		proxies.set(url.replace(":" + uri.getPort() + "/", ":" + proxy.port() + "/"));
		return proxy;
	}

	private static final ThreadLocal<String> proxies = new ThreadLocal<>();

	private static ConfigurableApplicationContext start(TcpProxy proxy, String... properties) {
		List<String> all = new ArrayList<>(EmbeddedPostgres.datasourceProperties(proxies.get(), Duration.ofMillis(500)));
		all.addAll(List.of("grpc.request-log.flush-interval=50ms", "grpc.auth.failed-attempts.max=0",
				"spring.jpa.hibernate.ddl-auto=validate"));
		all.addAll(List.of(properties));
		return ApiKeyStartupIntegrationTests.start(all.toArray(String[]::new));
	}

}
