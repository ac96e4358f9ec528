package dev.grpcstarter.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.RetryInfo;
import dev.grpcstarter.core.apikey.ApiKeyFormat;
import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.NewApiKey;
import dev.grpcstarter.test.v1.SecuredServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.grpcstarter.it.AbstractApiKeyAuthenticationTests.ping;
import static dev.grpcstarter.it.ApiKeyCalls.assertFails;
import static dev.grpcstarter.it.ApiKeyCalls.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The failed-attempt throttle on a real server with the keys in PostgreSQL: concurrent
 * guessers get no more guesses checked than designed, keys already verified keep working
 * from a throttled address, and refused callers are told when to retry.
 */
class FailedAttemptThrottleIntegrationTests {

	private static final int MAX_FAILURES = 20;

	@Test
	void whenManyCallersGuessAtOnceThenNoMoreGuessesAreCheckedThanDesigned() throws Exception {
		// A long window: the allowance barely refills while the test runs, so the design is MAX_FAILURES.
		try (ConfigurableApplicationContext app = start("grpc.auth.failed-attempts.window=1h");
				LocalGrpcChannel channel = LocalGrpcChannel.to(app)) {
			SecuredServiceGrpc.SecuredServiceBlockingStub stub = SecuredServiceGrpc.newBlockingStub(channel.channel());
			int callers = 256;
			int guessesEach = 4;
			Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
			CountDownLatch start = new CountDownLatch(1);
			ExecutorService pool = Executors.newFixedThreadPool(callers);
			try {
				List<Future<?>> done = new ArrayList<>();
				for (int i = 0; i < callers; i++) {
					done.add(pool.submit(() -> {
						ApiKeyFormat format = new ApiKeyFormat();
						start.await();
						for (int guess = 0; guess < guessesEach; guess++) {
							// Well formed, right checksum, unknown: every checked guess costs a lookup.
							StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
									() -> withKey(stub, format.generate()).whoAmI(ping()));
							answers.computeIfAbsent(failure.getStatus().getCode() + " " + failure.getStatus().getDescription(),
									(answer) -> new AtomicInteger())
								.incrementAndGet();
						}
						return null;
					}));
				}
				start.countDown();
				for (Future<?> future : done) {
					future.get(120, TimeUnit.SECONDS);
				}
			}
			finally {
				pool.shutdownNow();
			}
			// Every guess that reached verification was answered "invalid API key"; all others were refused before it.
			int checked = count(answers, "UNAUTHENTICATED invalid API key");
			int refused = count(answers, "RESOURCE_EXHAUSTED too many failed authentication attempts, retry later");
			assertThat(checked + refused).as("answers: %s", answers).isEqualTo(callers * guessesEach);
			assertThat(checked).as("guesses checked, designed %d (+10 %%)", MAX_FAILURES)
				.isBetween(MAX_FAILURES, MAX_FAILURES + MAX_FAILURES / 10);
		}
	}

	@Test
	void whenAnAddressIsThrottledThenAKeyItAlreadyVerifiedStillWorksAndOthersAreToldWhenToRetry() throws Exception {
		try (ConfigurableApplicationContext app = start("grpc.auth.failed-attempts.window=10m",
				"grpc.auth.cache-ttl=10m");
				LocalGrpcChannel channel = LocalGrpcChannel.to(app)) {
			ApiKeyService keys = app.getBean(ApiKeyService.class);
			String cached = keys.create(NewApiKey.of("cached", "xena")).rawKey();
			String uncached = keys.create(NewApiKey.of("uncached", "yuri")).rawKey();
			SecuredServiceGrpc.SecuredServiceBlockingStub stub = SecuredServiceGrpc.newBlockingStub(channel.channel());
			assertThat(withKey(stub, cached).whoAmI(ping()).getText()).startsWith("xena|");

			ApiKeyFormat format = new ApiKeyFormat();
			for (int i = 0; i < MAX_FAILURES; i++) {
				assertFails(() -> withKey(stub, format.generate()).whoAmI(ping()), Status.Code.UNAUTHENTICATED,
						"invalid API key");
			}
			StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
					() -> withKey(stub, format.generate()).whoAmI(ping()));
			assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
			// One attempt comes back every window / max = 30 s.
			assertThat(retryDelay(refused)).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30));

			for (int i = 0; i < 50; i++) {
				assertThat(withKey(stub, cached).whoAmI(ping()).getText()).as("cached key, call %d", i)
					.startsWith("xena|");
			}
			StatusRuntimeException uncachedRefused = catchThrowableOfType(StatusRuntimeException.class,
					() -> withKey(stub, uncached).whoAmI(ping()));
			assertThat(uncachedRefused.getStatus().getCode()).as("a key not yet verified is a guess like any other")
				.isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
			assertThat(retryDelay(uncachedRefused)).isPositive();
		}
	}

	@Test
	void whenValidKeysAreVerifiedThenTheyUseNoneOfTheAllowance() throws Exception {
		try (ConfigurableApplicationContext app = start("grpc.auth.failed-attempts.window=1h");
				LocalGrpcChannel channel = LocalGrpcChannel.to(app)) {
			ApiKeyService keys = app.getBean(ApiKeyService.class);
			SecuredServiceGrpc.SecuredServiceBlockingStub stub = SecuredServiceGrpc.newBlockingStub(channel.channel());
			for (int i = 0; i < 3 * MAX_FAILURES; i++) {
				String key = keys.create(NewApiKey.of("fresh-" + i, "zoe")).rawKey();
				assertThat(withKey(stub, key).whoAmI(ping()).getText()).startsWith("zoe|");
			}
			ApiKeyFormat format = new ApiKeyFormat();
			for (int i = 0; i < MAX_FAILURES; i++) {
				assertFails(() -> withKey(stub, format.generate()).whoAmI(ping()), Status.Code.UNAUTHENTICATED,
						"invalid API key");
			}
			assertThat(catchThrowableOfType(StatusRuntimeException.class,
					() -> withKey(stub, format.generate()).whoAmI(ping()))
				.getStatus()
				.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		}
	}

	@Test
	void whenManyFirstCallsWithOneValidKeyArriveAtOnceThenAllAreAccepted() throws Exception {
		try (ConfigurableApplicationContext app = start("grpc.auth.failed-attempts.window=1h");
				LocalGrpcChannel channel = LocalGrpcChannel.to(app)) {
			ApiKeyService keys = app.getBean(ApiKeyService.class);
			SecuredServiceGrpc.SecuredServiceBlockingStub stub = SecuredServiceGrpc.newBlockingStub(channel.channel());
			int callers = 4 * MAX_FAILURES;
			ExecutorService pool = Executors.newFixedThreadPool(callers);
			try {
				// Several fresh keys, each presented by every caller at once: calls joining a
				// lookup of their key under way take nothing from the address's allowance.
				for (int round = 0; round < 5; round++) {
					String key = keys.create(NewApiKey.of("burst-" + round, "ursula")).rawKey();
					CountDownLatch start = new CountDownLatch(1);
					List<Future<String>> answers = new ArrayList<>();
					for (int i = 0; i < callers; i++) {
						answers.add(pool.submit(() -> {
							start.await();
							try {
								return withKey(stub, key).whoAmI(ping()).getText();
							}
							catch (StatusRuntimeException ex) {
								return ex.getStatus().toString();
							}
						}));
					}
					start.countDown();
					for (Future<String> answer : answers) {
						assertThat(answer.get(60, TimeUnit.SECONDS)).as("round %d", round).startsWith("ursula|");
					}
				}
			}
			finally {
				pool.shutdownNow();
			}
			// The allowance is untouched: as many guesses as designed are still checked.
			ApiKeyFormat format = new ApiKeyFormat();
			for (int i = 0; i < MAX_FAILURES; i++) {
				assertFails(() -> withKey(stub, format.generate()).whoAmI(ping()), Status.Code.UNAUTHENTICATED,
						"invalid API key");
			}
		}
	}

	private static Duration retryDelay(StatusRuntimeException refused) throws InvalidProtocolBufferException {
		com.google.rpc.Status details = StatusProto.fromThrowable(refused);
		assertThat(details).as("google.rpc.Status in the trailers").isNotNull();
		assertThat(details.getDetailsList()).anyMatch((any) -> any.is(RetryInfo.class));
		for (com.google.protobuf.Any any : details.getDetailsList()) {
			if (any.is(RetryInfo.class)) {
				com.google.protobuf.Duration delay = any.unpack(RetryInfo.class).getRetryDelay();
				return Duration.ofSeconds(delay.getSeconds(), delay.getNanos());
			}
		}
		throw new AssertionError("no RetryInfo");
	}

	private static int count(Map<String, AtomicInteger> answers, String answer) {
		AtomicInteger count = answers.get(answer);
		return (count != null) ? count.get() : 0;
	}

	private static ConfigurableApplicationContext start(String... properties) {
		List<String> all = new ArrayList<>(List.of("spring.datasource.url=" + EmbeddedPostgres.newDatabase(),
				"spring.datasource.username=postgres", "spring.jpa.hibernate.ddl-auto=validate",
				"grpc.auth.failed-attempts.max=" + MAX_FAILURES));
		all.addAll(List.of(properties));
		return ApiKeyStartupIntegrationTests.start(all.toArray(String[]::new));
	}

}
