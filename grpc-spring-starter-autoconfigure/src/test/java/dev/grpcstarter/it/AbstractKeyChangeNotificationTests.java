package dev.grpcstarter.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.grpcstarter.core.apikey.ApiKeyChangeNotifications;
import dev.grpcstarter.core.apikey.ApiKeyChanges;
import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.CreatedApiKey;
import dev.grpcstarter.core.apikey.NewApiKey;
import dev.grpcstarter.core.status.RegisteredServicesJson;
import dev.grpcstarter.core.status.ServerInstanceService;
import dev.grpcstarter.it.app.TestApplication;
import dev.grpcstarter.test.v1.PingRequest;
import dev.grpcstarter.test.v1.SecuredServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.grpcstarter.it.ApiKeyCalls.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three instances on one database, whose key caches trust a key for five minutes: a key
 * changed on one instance is refused by the others within a second all the same, because
 * the change is notified. Every test makes its own keys.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractKeyChangeNotificationTests {

	private static final Logger logger = LoggerFactory.getLogger(AbstractKeyChangeNotificationTests.class);

	/** Far longer than any wait below: only a notification can explain a change seen in time. */
	private static final String CACHE_TTL = "5m";

	/** The functional deadline: a change reaches every instance within it. */
	static final Duration WITHIN = Duration.ofSeconds(1);

	final List<Instance> instances = new ArrayList<>();

	private @Nullable String unavailable;

	/** @return the properties of every instance: database, and Redis where it is used */
	abstract List<String> engineProperties();

	/** @return how the configuration snapshot names the transport */
	abstract String expectedTransport();

	/**
	 * Revokes a key in the database without any notification, as if the notification had
	 * been sent while an instance was not listening.
	 * @param keyId the key
	 */
	abstract void revokeUnnoticed(long keyId);

	/** Cuts every instance's notification connection, as a restart of the server would. */
	abstract void cutNotificationConnections();

	@BeforeAll
	void startInstances() {
		List<String> properties;
		try {
			properties = new ArrayList<>(engineProperties());
		}
		catch (TestAbortedException ex) {
			this.unavailable = ex.getMessage();
			LoggerFactory.getLogger(getClass()).warn(this.unavailable);
			return;
		}
		properties.addAll(List.of("spring.grpc.server.port=0", "spring.grpc.server.shutdown.grace-period=0s",
				"grpc.auth.require-auth=true", "grpc.services.packages=dev.grpcstarter.it.secured",
				"grpc.auth.cache-ttl=" + CACHE_TTL, "grpc.auth.failed-attempts.max=0",
				"grpc.request-log.enabled=false", "spring.jpa.hibernate.ddl-auto=validate"));
		for (int i = 0; i < 3; i++) {
			ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
				.run(properties.stream().map((property) -> "--" + property).toArray(String[]::new));
			this.instances.add(new Instance(context, LocalGrpcChannel.to(context)));
		}
	}

	@BeforeEach
	void skipWithoutEngine() {
		Assumptions.assumeTrue(this.unavailable == null, this.unavailable);
	}

	@AfterAll
	void stopInstances() throws InterruptedException {
		for (Instance instance : this.instances) {
			instance.channel().close();
			instance.context().close();
		}
	}

	@Test
	void whenAKeyIsRevokedOnOneInstanceThenTheOthersRefuseItWithinOneSecond() {
		CreatedApiKey created = createKey("revoked");
		awaitAcceptedEverywhere(created.rawKey());
		long revokedAt = System.nanoTime();
		keys(0).revoke(created.key().id());
		List<Duration> delays = awaitRefusedEverywhere(created.rawKey(), Status.Code.UNAUTHENTICATED,
				"API key revoked", revokedAt);
		logger.info("{}: revocation refused by instances 1 and 2 after {} and {}", getClass().getSimpleName(),
				delays.get(1), delays.get(2));
	}

	@Test
	void whenAKeyIsRotatedWithoutGraceThenTheOtherInstancesRefuseTheOldKeyWithinOneSecond() {
		CreatedApiKey created = createKey("rotated");
		awaitAcceptedEverywhere(created.rawKey());
		long rotatedAt = System.nanoTime();
		CreatedApiKey replacement = keys(1).rotate(created.key().id(), Duration.ZERO, "tests");
		awaitRefusedEverywhere(created.rawKey(), Status.Code.UNAUTHENTICATED, "API key expired", rotatedAt);
		awaitAcceptedEverywhere(replacement.rawKey());
	}

	@Test
	void whenAKeysScopesAreEditedThenTheOtherInstancesApplyThemWithinOneSecond() {
		CreatedApiKey created = createKey("scoped");
		awaitAcceptedEverywhere(created.rawKey());
		long editedAt = System.nanoTime();
		keys(2).update(created.key().id(), new ApiKeyChanges("scoped", null, List.of(),
				List.of("test.v1.SecuredService/Public"), null, null));
		awaitRefusedEverywhere(created.rawKey(), Status.Code.PERMISSION_DENIED, null, editedAt);
	}

	@Test
	void whenTheNotificationConnectionsAreCutThenEachInstanceSubscribesAgainDropsItsCachedKeysAndHearsLaterChanges() {
		CreatedApiKey missed = createKey("missed");
		CreatedApiKey later = createKey("later");
		awaitAcceptedEverywhere(missed.rawKey());
		awaitAcceptedEverywhere(later.rawKey());
		revokeUnnoticed(missed.key().id());
		for (int i = 0; i < this.instances.size(); i++) {
			assertThat(call(i, missed.rawKey()).getCode())
				.as("instance %d, before reconnecting: the unnoticed revocation hides behind the cache", i)
				.isEqualTo(Status.Code.OK);
		}
		List<Long> subscriptions = this.instances.stream().map((instance) -> notifications(instance).subscriptions())
			.toList();
		cutNotificationConnections();
		for (int i = 0; i < this.instances.size(); i++) {
			ApiKeyChangeNotifications notifications = notifications(this.instances.get(i));
			long before = subscriptions.get(i);
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> notifications.isSubscribed() && notifications.subscriptions() > before);
		}
		for (int i = 0; i < this.instances.size(); i++) {
			StatusRuntimeException refused = callFailure(i, missed.rawKey());
			assertThat(refused.getStatus().getDescription()).as("instance %d after subscribing again", i)
				.isEqualTo("API key revoked");
			assertThat(call(i, later.rawKey()).getCode()).isEqualTo(Status.Code.OK);
		}
		long revokedAt = System.nanoTime();
		keys(0).revoke(later.key().id());
		awaitRefusedEverywhere(later.rawKey(), Status.Code.UNAUTHENTICATED, "API key revoked", revokedAt);
	}

	@Test
	void whenAnInstanceRunsThenItsConfigurationSnapshotNamesTheTransport() {
		for (Instance instance : this.instances) {
			String config = instance.context().getBean(ServerInstanceService.class).current().orElseThrow().configJson();
			Map<String, Object> values = RegisteredServicesJson.readObject(config);
			assertThat(values).containsEntry("keyChangeNotifications", expectedTransport());
		}
	}

	CreatedApiKey createKey(String name) {
		return keys(0).create(NewApiKey.of(name, "rita"));
	}

	ApiKeyService keys(int instance) {
		return this.instances.get(instance).context().getBean(ApiKeyService.class);
	}

	JdbcTemplate jdbc() {
		return new JdbcTemplate(this.instances.get(0).context().getBean(javax.sql.DataSource.class));
	}

	static ApiKeyChangeNotifications notifications(Instance instance) {
		return instance.context().getBean(ApiKeyChangeNotifications.class);
	}

	/** Calls on every instance until each accepts the key once, which puts it in each cache. */
	void awaitAcceptedEverywhere(String key) {
		for (int i = 0; i < this.instances.size(); i++) {
			int instance = i;
			await().atMost(Duration.ofSeconds(10)).until(() -> call(instance, key).isOk());
		}
	}

	/**
	 * Waits for every instance to refuse the key, at most {@link #WITHIN} after the change.
	 * @return how long after the change each instance first refused it
	 */
	List<Duration> awaitRefusedEverywhere(String key, Status.Code code, @Nullable String description,
			long changedAtNanos) {
		List<Duration> delays = new ArrayList<>();
		for (int i = 0; i < this.instances.size(); i++) {
			int instance = i;
			Duration left = WITHIN.minusNanos(System.nanoTime() - changedAtNanos);
			await().atMost(left.isNegative() ? Duration.ZERO : left)
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(5))
				.until(() -> call(instance, key).getCode() == code);
			delays.add(Duration.ofNanos(System.nanoTime() - changedAtNanos));
			if (description != null) {
				assertThat(callFailure(i, key).getStatus().getDescription()).isEqualTo(description);
			}
		}
		return delays;
	}

	Status call(int instance, String key) {
		try {
			stub(instance, key).whoAmI(PingRequest.newBuilder().setText("x").build());
			return Status.OK;
		}
		catch (StatusRuntimeException ex) {
			return ex.getStatus();
		}
	}

	StatusRuntimeException callFailure(int instance, String key) {
		try {
			stub(instance, key).whoAmI(PingRequest.newBuilder().setText("x").build());
		}
		catch (StatusRuntimeException ex) {
			return ex;
		}
		throw new AssertionError("the call with the key succeeded on instance " + instance);
	}

	private SecuredServiceGrpc.SecuredServiceBlockingStub stub(int instance, String key) {
		return withKey(SecuredServiceGrpc.newBlockingStub(this.instances.get(instance).channel().channel()), key);
	}

	record Instance(ConfigurableApplicationContext context, LocalGrpcChannel channel) {
	}

}
