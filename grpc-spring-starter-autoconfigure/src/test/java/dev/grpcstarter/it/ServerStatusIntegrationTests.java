package dev.grpcstarter.it;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.grpcstarter.core.status.InstanceIdentity;
import dev.grpcstarter.core.status.InstanceStatus;
import dev.grpcstarter.core.status.RegisteredServicesJson;
import dev.grpcstarter.core.status.ServerInstance;
import dev.grpcstarter.core.status.ServerInstanceRecorder;
import dev.grpcstarter.core.status.ServerInstanceService;
import dev.grpcstarter.it.app.TestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Server-instance status on a real server and a real PostgreSQL, with several instances on
 * one database.
 */
class ServerStatusIntegrationTests {

	@Test
	void whenServerStartsAndStopsThenStatusGoesStartingRunningStoppingStopped() {
		String database = EmbeddedPostgres.newDatabase();
		ConfigurableApplicationContext app = start(database, StatusWatcher.class);
		StatusWatcher watcher = app.getBean(StatusWatcher.class);
		String id = app.getBean(InstanceIdentity.class).instanceId();
		ServerInstance running = app.getBean(ServerInstanceService.class).current().orElseThrow();
		assertThat(running.status()).isEqualTo(InstanceStatus.RUNNING);
		assertThat(running.port()).isEqualTo(app.getBean(InstanceIdentity.class).boundPort()).isPositive();
		assertThat(running.pid()).isEqualTo(ProcessHandle.current().pid());
		// Bound to every interface: shown as such, not as the listen sockets' toString().
		assertThat(running.address()).isEqualTo("0.0.0.0");
		List<Map<String, Object>> services = RegisteredServicesJson.readServices(running.servicesJson());
		assertThat(services).extracting((service) -> service.get("name")).contains("test.v1.SecuredService",
				"grpc.health.v1.Health");
		Map<String, Object> config = RegisteredServicesJson.readObject(running.configJson());
		assertThat(config).containsEntry("address", "0.0.0.0").containsEntry("requireAuth", false).containsEntry("tls", false).containsKeys("javaVersion",
				"springBootVersion", "starterVersion", "maxInboundMessageSize", "virtualThreads");
		app.close();
		assertThat(watcher.seen).containsExactly(InstanceStatus.STARTING, InstanceStatus.STOPPING);
		ServerInstance stopped = service(database).byId(id).orElseThrow();
		assertThat(stopped.status()).isEqualTo(InstanceStatus.STOPPED);
		assertThat(stopped.stoppedAt()).isNotNull();
	}

	@Test
	void whenThePortIsTakenThenTheInstanceIsRecordedAsErrorBeforeTheApplicationExits() throws Exception {
		String database = EmbeddedPostgres.newDatabase();
		try (ServerSocket taken = new ServerSocket(0)) {
			Throwable failure = catchThrowable(
					() -> start(database, null, "spring.grpc.server.port=" + taken.getLocalPort()).close());
			assertThat(failure).isNotNull();
			List<ServerInstance> instances = service(database).all();
			assertThat(instances).singleElement().satisfies((instance) -> {
				assertThat(instance.status()).isEqualTo(InstanceStatus.ERROR);
				assertThat(instance.errorMessage())
					.isEqualTo("gRPC server could not start: port " + taken.getLocalPort() + " is already in use");
			});
		}
	}

	@Test
	void whenTwoInstancesShareADatabaseThenEachKeepsItsOwnStatus() throws Exception {
		String database = EmbeddedPostgres.newDatabase();
		try (ConfigurableApplicationContext first = start(database, null, "grpc.server-status.heartbeat-interval=1s");
				ConfigurableApplicationContext second = start(database, null,
						"grpc.server-status.heartbeat-interval=1s")) {
			ServerInstanceService instances = second.getBean(ServerInstanceService.class);
			String firstId = first.getBean(InstanceIdentity.class).instanceId();
			String secondId = second.getBean(InstanceIdentity.class).instanceId();
			assertThat(firstId).isNotEqualTo(secondId);
			assertThat(instances.alive()).extracting(ServerInstance::instanceId).containsExactlyInAnyOrder(firstId,
					secondId);

			first.close();
			assertThat(instances.byId(firstId).orElseThrow().status()).isEqualTo(InstanceStatus.STOPPED);
			assertThat(instances.byId(secondId).orElseThrow().status()).isEqualTo(InstanceStatus.RUNNING);

			try (ConfigurableApplicationContext third = start(database, null,
					"grpc.server-status.heartbeat-interval=1s")) {
				String thirdId = third.getBean(InstanceIdentity.class).instanceId();
				// A crash: heartbeats stop, nothing is recorded.
				third.getBean(ServerInstanceRecorder.class).close();
				await().atMost(Duration.ofSeconds(15))
					.untilAsserted(() -> assertThat(instances.byId(thirdId).orElseThrow().status())
						.isEqualTo(InstanceStatus.UNRESPONSIVE));
				assertThat(instances.byId(thirdId).orElseThrow().storedStatus()).isEqualTo(InstanceStatus.RUNNING);
				assertThat(instances.byId(secondId).orElseThrow().status()).isEqualTo(InstanceStatus.RUNNING);
				assertThat(instances.alive()).extracting(ServerInstance::instanceId).containsExactly(secondId);
			}
		}
	}

	@Test
	void whenTheDatabaseIsUnreachableForAWhileThenHeartbeatsResumeAndAVanishedRowIsWrittenAgain() throws Exception {
		String database = EmbeddedPostgres.newDatabase();
		java.net.URI uri = java.net.URI.create(database.substring("jdbc:".length()));
		try (TcpProxy proxy = new TcpProxy(uri.getHost(), uri.getPort());
				ConfigurableApplicationContext app = start(
						database.replace(":" + uri.getPort() + "/", ":" + proxy.port() + "/"), null,
						"grpc.server-status.heartbeat-interval=1s", "spring.datasource.hikari.connection-timeout=500")) {
			String id = app.getBean(InstanceIdentity.class).instanceId();
			ServerInstanceService direct = service(database);
			proxy.cut();
			Thread.sleep(2500);
			java.time.Instant beforeRestore = direct.byId(id).orElseThrow().lastHeartbeat();
			proxy.restore();
			await().atMost(Duration.ofSeconds(15))
				.untilAsserted(() -> assertThat(direct.byId(id).orElseThrow().lastHeartbeat()).isAfter(beforeRestore));

			new JdbcTemplate(dataSource(database)).update("delete from grpc_server_instance where instance_id = ?", id);
			await().atMost(Duration.ofSeconds(15))
				.untilAsserted(() -> assertThat(direct.byId(id)).hasValueSatisfying(
						(instance) -> assertThat(instance.status()).isEqualTo(InstanceStatus.RUNNING)));
		}
	}

	private static ConfigurableApplicationContext start(String database, Class<?> extra, String... properties) {
		List<String> args = new ArrayList<>();
		for (String property : EmbeddedPostgres.datasourceProperties(database, Duration.ofSeconds(1))) {
			args.add("--" + property);
		}
		args.addAll(List.of("--spring.grpc.server.port=0", "--grpc.services.packages=dev.grpcstarter.it.secured",
				"--spring.jpa.hibernate.ddl-auto=validate"));
		for (String property : properties) {
			args.removeIf((arg) -> arg.startsWith("--" + property.substring(0, property.indexOf('=') + 1)));
			args.add("--" + property);
		}
		SpringApplicationBuilder builder = (extra != null) ? new SpringApplicationBuilder(TestApplication.class, extra)
				: new SpringApplicationBuilder(TestApplication.class);
		return builder.run(args.toArray(String[]::new));
	}

	/** Reads the table directly, as another instance would. */
	private static ServerInstanceService service(String database) {
		InstanceIdentity reader = new InstanceIdentity("reader", 1, java.time.Instant.now(), 0);
		return new ServerInstanceService(
				new dev.grpcstarter.core.status.ServerInstanceStore(new JdbcTemplate(dataSource(database))), reader,
				Duration.ofSeconds(1), 3, false, java.time.Clock.systemUTC());
	}

	private static javax.sql.DataSource dataSource(String database) {
		org.springframework.jdbc.datasource.DriverManagerDataSource dataSource = new org.springframework.jdbc.datasource.DriverManagerDataSource(
				database, "postgres", "");
		return dataSource;
	}

	/** Reads this instance's stored status just before RUNNING and just after STOPPING are written. */
	@Configuration(proxyBeanMethods = false)
	static class StatusWatcher implements org.springframework.context.ApplicationContextAware {

		final List<InstanceStatus> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

		private org.springframework.context.ApplicationContext context;

		@Override
		public void setApplicationContext(org.springframework.context.ApplicationContext context) {
			this.context = context;
		}

		@EventListener
		@Order(Ordered.HIGHEST_PRECEDENCE)
		void beforeRunning(GrpcServerStartedEvent event) {
			record();
		}

		@EventListener
		@Order(Ordered.LOWEST_PRECEDENCE)
		void afterStopping(ContextClosedEvent event) {
			record();
		}

		private void record() {
			this.context.getBean(ServerInstanceService.class)
				.current()
				.ifPresent((instance) -> this.seen.add(instance.storedStatus()));
		}

	}

}
