package dev.grpcstarter.it;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.google.rpc.QuotaFailure;
import com.google.rpc.RetryInfo;
import dev.grpcstarter.core.apikey.ApiKeyChanges;
import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.CreatedApiKey;
import dev.grpcstarter.core.apikey.NewApiKey;
import dev.grpcstarter.core.ratelimit.CallLimits;
import dev.grpcstarter.core.ratelimit.Quota;
import dev.grpcstarter.core.status.RegisteredServicesJson;
import dev.grpcstarter.core.status.ServerInstanceService;
import dev.grpcstarter.it.app.TestApplication;
import dev.grpcstarter.test.v1.PingRequest;
import dev.grpcstarter.test.v1.SecuredServiceGrpc;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.grpcstarter.it.ApiKeyCalls.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rate limits and quotas of API keys on real servers, called in turn: one instance on H2
 * (memory engine), three instances on one PostgreSQL (PostgreSQL engine) or on one Redis.
 * Every test makes its own key, so the tests share the instances but not the buckets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractRateLimitTests {

	static final Metadata.Key<String> LIMIT = Metadata.Key.of("ratelimit-limit", Metadata.ASCII_STRING_MARSHALLER);

	static final Metadata.Key<String> REMAINING = Metadata.Key.of("ratelimit-remaining",
			Metadata.ASCII_STRING_MARSHALLER);

	static final Metadata.Key<String> RESET = Metadata.Key.of("ratelimit-reset", Metadata.ASCII_STRING_MARSHALLER);

	final List<Instance> instances = new ArrayList<>();

	/** @return how many instances share the engine */
	abstract int instanceCount();

	/** @return the properties of every instance: database and engine */
	abstract List<String> engineProperties();

	/** @return how the instances' configuration snapshot names the engine */
	abstract String expectedEngine();

	/** Why the engine is not there (Redis not installed), {@code null} when it is. */
	private @Nullable String unavailable;

	@BeforeAll
	void startInstances() {
		List<String> properties;
		try {
			properties = new ArrayList<>(engineProperties());
		}
		catch (TestAbortedException ex) {
			// Reported on every test as skipped, with the reason, rather than as an empty class.
			this.unavailable = ex.getMessage();
			LoggerFactory.getLogger(getClass()).warn(this.unavailable);
			return;
		}
		properties.addAll(List.of("spring.grpc.server.port=0", "spring.grpc.server.shutdown.grace-period=0s",
				"grpc.auth.require-auth=true", "grpc.services.packages=dev.grpcstarter.it.secured",
				"grpc.auth.cache-ttl=1s", "grpc.auth.failed-attempts.max=0", "grpc.request-log.enabled=false",
				"spring.jpa.hibernate.ddl-auto=validate"));
		for (int i = 0; i < instanceCount(); i++) {
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

	ApiKeyService keys() {
		return this.instances.get(0).context().getBean(ApiKeyService.class);
	}

	CreatedApiKey createKey(String name, @Nullable Integer perMinute, String rateLimits, @Nullable String quota) {
		return keys().create(new NewApiKey(name, null, "rita", List.of(), List.of(), null, perMinute, "tests",
				CallLimits.parseRates(rateLimits), (quota != null) ? Quota.parse(quota) : null));
	}

	/** One call with the key on the given instance (round robin by call number). */
	Outcome call(int callNumber, String key) {
		Instance instance = this.instances.get(callNumber % this.instances.size());
		AtomicReference<Metadata> headers = new AtomicReference<>();
		AtomicReference<Metadata> trailers = new AtomicReference<>();
		SecuredServiceGrpc.SecuredServiceBlockingStub stub = withKey(
				SecuredServiceGrpc.newBlockingStub(instance.channel().channel()), key)
			.withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));
		try {
			stub.whoAmI(PingRequest.newBuilder().setText("x").build());
			return new Outcome(Status.OK, headers.get(), null);
		}
		catch (StatusRuntimeException ex) {
			return new Outcome(ex.getStatus(), ex.getTrailers(), ex);
		}
	}

	@Test
	void whenALimitedKeyCallsThenEveryInstanceReportsTheSameBucketInTheHeaders() {
		String key = createKey("headers", null, "60/1h", null).rawKey();
		for (int i = 0; i < 3; i++) {
			Outcome outcome = call(i, key);
			assertThat(outcome.status().getCode()).isEqualTo(Status.Code.OK);
			assertThat(outcome.metadata().get(LIMIT)).isEqualTo("60");
			// One call comes back every minute: the counts are exact, whichever instance answers.
			assertThat(outcome.metadata().get(REMAINING)).isEqualTo(String.valueOf(59 - i));
			assertThat(Long.parseLong(outcome.metadata().get(RESET))).isBetween(60L * (i + 1) - 2, 60L * (i + 1));
		}
		String unlimited = keys().create(NewApiKey.of("no-limits", "rita")).rawKey();
		Outcome free = call(0, unlimited);
		assertThat(free.status().getCode()).isEqualTo(Status.Code.OK);
		assertThat(free.metadata().get(LIMIT)).isNull();
	}

	@Test
	void whenABurstAndASustainedLimitApplyThenEachRefusesInItsTurnWithRetryInfo() throws Exception {
		String key = createKey("burst-and-sustained", 8, "5/5s", null).rawKey();
		int calls = 0;
		long first = System.nanoTime();
		for (int i = 0; i < 5; i++) {
			assertThat(call(calls++, key).status().getCode()).isEqualTo(Status.Code.OK);
		}
		Outcome burst = call(calls++, key);
		assertThat(burst.status().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(burst.status().getDescription()).isEqualTo("API key rate limit exceeded");
		assertThat(burst.metadata().get(LIMIT)).isEqualTo("5");
		assertThat(burst.metadata().get(REMAINING)).isEqualTo("0");
		assertThat(retryDelay(burst)).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
		// The burst gives one call back every second; the sustained limit has three left.
		for (int i = 0; i < 3; i++) {
			awaitGranted(key, calls++);
		}
		Outcome sustained = call(calls, key);
		assertThat(sustained.status().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(sustained.status().getDescription()).isEqualTo("API key rate limit exceeded");
		assertThat(sustained.metadata().get(LIMIT)).isEqualTo("8");
		// 8 per minute: one call back every 7.5 s, counted from the first call (less the time the
		// calls took, which on a slow machine is seconds).
		Duration sinceFirst = Duration.ofNanos(System.nanoTime() - first);
		assertThat(retryDelay(sustained)).isGreaterThan(Duration.ofMillis(7250).minus(sinceFirst))
			.isLessThanOrEqualTo(Duration.ofMillis(7500));
	}

	@Test
	void whenTheQuotaIsUsedUpThenCallsAreRefusedWithQuotaFailureUntilItRefills() throws Exception {
		CreatedApiKey created = createKey("quota", null, "5/5s", "8/1d");
		String key = created.rawKey();
		int calls = 0;
		for (int i = 0; i < 5; i++) {
			assertThat(call(calls++, key).status().getCode()).isEqualTo(Status.Code.OK);
		}
		for (int i = 0; i < 3; i++) {
			awaitGranted(key, calls++);
		}
		Outcome exhausted = call(calls, key);
		Instant now = Instant.now();
		Duration untilMidnight = Duration.between(now, Quota.parse("1/1d").nextRefillAfter(now));
		assertThat(exhausted.status().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(exhausted.status().getDescription()).isEqualTo("API key quota exhausted");
		assertThat(exhausted.metadata().get(LIMIT)).isEqualTo("8");
		assertThat(exhausted.metadata().get(REMAINING)).isEqualTo("0");
		assertThat(Long.parseLong(exhausted.metadata().get(RESET))).isCloseTo(untilMidnight.toSeconds(),
				org.assertj.core.data.Offset.offset(5L));
		com.google.rpc.Status details = StatusProto.fromThrowable(exhausted.failure());
		QuotaFailure failure = details.getDetailsList()
			.stream()
			.filter((any) -> any.is(QuotaFailure.class))
			.findFirst()
			.orElseThrow()
			.unpack(QuotaFailure.class);
		assertThat(failure.getViolations(0).getSubject()).isEqualTo("api-key:" + created.key().id());
		assertThat(failure.getViolations(0).getDescription()).startsWith("quota of 8 calls per 1d used up");
		assertThat(retryDelay(exhausted)).isCloseTo(untilMidnight, Duration.ofSeconds(5));
	}

	@Test
	void whenTheLimitsAreEditedThenEveryInstanceKeepsWhatWasUsedAndAppliesTheNewOnes() {
		CreatedApiKey created = createKey("edited", 3, "", null);
		String key = created.rawKey();
		int calls = 0;
		for (int i = 0; i < 3; i++) {
			assertThat(call(calls++, key).status().getCode()).isEqualTo(Status.Code.OK);
		}
		for (int i = 0; i < this.instances.size(); i++) {
			assertThat(call(calls++, key).status().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		}
		keys().update(created.key().id(), new ApiKeyChanges("edited", null, List.of(), List.of(), null, 6));
		// Instances learn of the edit within the key cache's TTL; 3 of the 6 calls are used already.
		awaitGranted(key, calls++);
		for (int i = 0; i < 2; i++) {
			assertThat(call(calls++, key).status().getCode()).isEqualTo(Status.Code.OK);
		}
		for (int i = 0; i < this.instances.size(); i++) {
			Outcome refused = call(calls++, key);
			assertThat(refused.status().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
			assertThat(refused.metadata().get(LIMIT)).isEqualTo("6");
		}
	}

	@Test
	void whenAnInstanceRunsThenItsConfigurationSnapshotNamesTheEngine() {
		for (Instance instance : this.instances) {
			String config = instance.context().getBean(ServerInstanceService.class).current().orElseThrow().configJson();
			Map<String, Object> values = RegisteredServicesJson.readObject(config);
			assertThat(values).containsEntry("rateLimitEngine", expectedEngine());
		}
	}

	void awaitGranted(String key, int callNumber) {
		await().atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> call(callNumber, key).status().isOk());
	}

	static Duration retryDelay(Outcome outcome) throws Exception {
		com.google.rpc.Status details = StatusProto.fromThrowable(outcome.failure());
		RetryInfo retry = details.getDetailsList()
			.stream()
			.filter((any) -> any.is(RetryInfo.class))
			.findFirst()
			.orElseThrow()
			.unpack(RetryInfo.class);
		return Duration.ofSeconds(retry.getRetryDelay().getSeconds(), retry.getRetryDelay().getNanos());
	}

	record Instance(ConfigurableApplicationContext context, LocalGrpcChannel channel) {
	}

	record Outcome(Status status, @Nullable Metadata metadata, @Nullable StatusRuntimeException failure) {
	}

}
