package dev.grpcstarter.core.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.grpcstarter.core.apikey.ApiKeyFormat;
import dev.grpcstarter.core.apikey.ApiKeyLookup;
import dev.grpcstarter.core.apikey.VerifiedApiKey;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The key cache of {@link ApiKeyAuthenticator}: fresh, due, and stale while the database
 * cannot answer. The ticker is moved by hand; lookups run on a real
 * {@link KeyLookupExecutor}.
 */
class ApiKeyAuthenticatorTests {

	private static final Duration TTL = Duration.ofSeconds(10);

	private static final Duration STALE_IF_ERROR = Duration.ofMinutes(5);

	private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

	private final String rawKey = new ApiKeyFormat().generate();

	private final Database database = new Database();

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private KeyLookupExecutor lookups = executor(Duration.ofMillis(300));

	private ApiKeyAuthenticator authenticator = authenticator(this.lookups);

	@AfterEach
	void close() {
		this.database.release();
		this.lookups.close();
	}

	/** Lookups that outlive any hand-made hang, for tests that release the hang themselves. */
	private void withLongLookupTimeout() {
		this.lookups.close();
		this.lookups = executor(Duration.ofSeconds(30));
		this.authenticator = authenticator(this.lookups);
	}

	private static KeyLookupExecutor executor(Duration timeout) {
		return new KeyLookupExecutor(KeyLookupExecutor.circuitBreaker(50, 10, 3, Duration.ofMinutes(1)), timeout, 4,
				100);
	}

	private ApiKeyAuthenticator authenticator(KeyLookupExecutor executor) {
		return new ApiKeyAuthenticator(this.database,
				OwnerResolver.fromStoredAuthorities(new AuthorityLevels("ROLE_STAFF", "ROLE_ADMIN")), null, TTL,
				STALE_IF_ERROR, executor, Clock.fixed(NOW, ZoneOffset.UTC), (Ticker) this.nanos::get);
	}

	@Test
	void whenAKeyIsCachedThenItIsNotLookedUpAgainWithinHalfItsTtl() {
		this.database.store(active());
		assertThat(this.authenticator.authenticate(this.rawKey)).isInstanceOf(ApiKeyAuthenticator.Authenticated.class);
		advance(TTL.dividedBy(2).minusMillis(1));
		assertThat(this.authenticator.authenticate(this.rawKey)).isInstanceOf(ApiKeyAuthenticator.Authenticated.class);
		assertThat(this.database.lookups).hasValue(1);
	}

	@Test
	void whenHalfTheTtlHasPassedThenTheKeyIsLookedUpInTheBackgroundAndTheCallDoesNotWait() {
		withLongLookupTimeout();
		this.database.store(active());
		this.authenticator.authenticate(this.rawKey);
		this.database.hang();
		advance(TTL.dividedBy(2));
		assertThat(this.authenticator.authenticate(this.rawKey)).isInstanceOf(ApiKeyAuthenticator.Authenticated.class);
		await().atMost(Duration.ofSeconds(5)).untilAtomic(this.database.lookups, org.hamcrest.Matchers.equalTo(2));
		this.database.store(revoked());
		this.database.release();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.lookups.circuitBreaker()
			.getMetrics()
			.getNumberOfSuccessfulCalls() == 2);
		assertThat(this.authenticator.authenticate(this.rawKey))
			.isEqualTo(new ApiKeyAuthenticator.Rejected(ApiKeyAuthenticator.REVOKED, 1L));
	}

	@Test
	void whenTheTtlHasPassedAndTheDatabaseAnswersThenItsStateApplies() {
		this.database.store(active());
		this.authenticator.authenticate(this.rawKey);
		this.database.store(revoked());
		advance(TTL);
		assertThat(this.authenticator.authenticate(this.rawKey))
			.isEqualTo(new ApiKeyAuthenticator.Rejected(ApiKeyAuthenticator.REVOKED, 1L));
		assertThat(this.authenticator.staleAccepted()).isZero();
	}

	@Test
	void whenTheTtlHasPassedAndTheKeyWasDeletedThenItIsInvalid() {
		this.database.store(active());
		this.authenticator.authenticate(this.rawKey);
		this.database.store(null);
		advance(TTL);
		assertThat(status(this.authenticator.authenticate(this.rawKey))).isEqualTo(Status.Code.UNAUTHENTICATED);
		this.database.fail();
		assertThat(this.authenticator.authenticate(this.rawKey))
			.as("an unknown key is not remembered as valid")
			.isEqualTo(new ApiKeyAuthenticator.Rejected(ApiKeyAuthenticator.UNAVAILABLE));
	}

	@Test
	void whenTheDatabaseFailsThenTheLastVerifiedStateIsUsedUntilStaleIfErrorHasPassed() {
		this.database.store(active());
		this.authenticator.authenticate(this.rawKey);
		this.database.fail();
		advance(TTL.plus(STALE_IF_ERROR).minusSeconds(1));
		assertThat(this.authenticator.authenticate(this.rawKey)).isInstanceOf(ApiKeyAuthenticator.Authenticated.class);
		assertThat(this.authenticator.staleAccepted()).isEqualTo(1);
		advance(Duration.ofSeconds(1));
		assertThat(this.authenticator.authenticate(this.rawKey))
			.isEqualTo(new ApiKeyAuthenticator.Rejected(ApiKeyAuthenticator.UNAVAILABLE));
	}

	@Test
	void whenTheDatabaseHangsThenACachedKeyWaitsAtMostTheLookupTimeout() {
		this.database.store(active());
		this.authenticator.authenticate(this.rawKey);
		this.database.hang();
		advance(TTL);
		long start = System.nanoTime();
		assertThat(this.authenticator.authenticate(this.rawKey)).isInstanceOf(ApiKeyAuthenticator.Authenticated.class);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
	}

	@Test
	void whenAKeyWasRevokedBeforeTheOutageThenItStaysRefused() {
		this.database.store(revoked());
		this.authenticator.authenticate(this.rawKey);
		this.database.fail();
		advance(TTL);
		assertThat(this.authenticator.authenticate(this.rawKey))
			.isEqualTo(new ApiKeyAuthenticator.Rejected(ApiKeyAuthenticator.REVOKED, 1L));
		assertThat(this.authenticator.staleAccepted()).isZero();
	}

	@Test
	void whenAKeyChangedOnThisInstanceThenAnOutageDoesNotBringItBack() {
		this.database.store(active());
		this.authenticator.authenticate(this.rawKey);
		this.authenticator.apiKeyChanged(ApiKeyFormat.hash(this.rawKey));
		this.database.fail();
		assertThat(this.authenticator.authenticate(this.rawKey))
			.isEqualTo(new ApiKeyAuthenticator.Rejected(ApiKeyAuthenticator.UNAVAILABLE));
	}

	@Test
	void whenAKeyChangesWhileItsLookupIsUnderWayThenThatLookupIsNotCached() throws Exception {
		withLongLookupTimeout();
		this.database.store(active());
		this.database.hang();
		ExecutorService caller = Executors.newSingleThreadExecutor();
		try {
			Future<ApiKeyAuthenticator.Outcome> first = caller.submit(() -> this.authenticator.authenticate(this.rawKey));
			await().atMost(Duration.ofSeconds(5)).untilAtomic(this.database.lookups, org.hamcrest.Matchers.equalTo(1));
			this.authenticator.apiKeyChanged(ApiKeyFormat.hash(this.rawKey));
			this.database.release();
			assertThat(first.get(5, TimeUnit.SECONDS)).isInstanceOf(ApiKeyAuthenticator.Authenticated.class);
		}
		finally {
			caller.shutdownNow();
		}
		this.database.store(revoked());
		assertThat(this.authenticator.authenticate(this.rawKey))
			.isEqualTo(new ApiKeyAuthenticator.Rejected(ApiKeyAuthenticator.REVOKED, 1L));
		assertThat(this.database.lookups).hasValue(2);
	}

	@Test
	void whenChangesMayHaveBeenMissedThenEveryCachedKeyIsLookedUpAgainAndAnOutageDoesNotBringOneBack() {
		this.database.store(active());
		this.authenticator.authenticate(this.rawKey);
		this.authenticator.apiKeyChangesMissed();
		this.database.store(revoked());
		assertThat(this.authenticator.authenticate(this.rawKey))
			.isEqualTo(new ApiKeyAuthenticator.Rejected(ApiKeyAuthenticator.REVOKED, 1L));
		assertThat(this.database.lookups).hasValue(2);
		this.database.store(active());
		this.authenticator.apiKeyChangesMissed();
		this.database.fail();
		assertThat(this.authenticator.authenticate(this.rawKey))
			.isEqualTo(new ApiKeyAuthenticator.Rejected(ApiKeyAuthenticator.UNAVAILABLE));
		assertThat(this.authenticator.staleAccepted()).isZero();
	}

	@Test
	void whenChangesMayHaveBeenMissedWhileALookupIsUnderWayThenThatLookupIsNotCached() throws Exception {
		withLongLookupTimeout();
		this.database.store(active());
		this.database.hang();
		ExecutorService caller = Executors.newSingleThreadExecutor();
		try {
			Future<ApiKeyAuthenticator.Outcome> first = caller.submit(() -> this.authenticator.authenticate(this.rawKey));
			await().atMost(Duration.ofSeconds(5)).untilAtomic(this.database.lookups, org.hamcrest.Matchers.equalTo(1));
			this.authenticator.apiKeyChangesMissed();
			this.database.release();
			assertThat(first.get(5, TimeUnit.SECONDS)).isInstanceOf(ApiKeyAuthenticator.Authenticated.class);
		}
		finally {
			caller.shutdownNow();
		}
		this.database.store(revoked());
		assertThat(this.authenticator.authenticate(this.rawKey))
			.isEqualTo(new ApiKeyAuthenticator.Rejected(ApiKeyAuthenticator.REVOKED, 1L));
		assertThat(this.database.lookups).hasValue(2);
	}

	@Test
	void whenAnUncachedKeyMeetsAHangingDatabaseThenItIsUnavailableWithinTheTimeoutAndAtOnceOnceTheBreakerOpens() {
		this.database.hang();
		for (int i = 0; i < 3; i++) {
			String other = new ApiKeyFormat().generate();
			long start = System.nanoTime();
			assertThat(this.authenticator.authenticate(other))
				.isEqualTo(new ApiKeyAuthenticator.Rejected(ApiKeyAuthenticator.UNAVAILABLE));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
		}
		// The last timeout is recorded by the lookup's deadline, which may run just after the caller gave up.
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.lookups.circuitBreaker().getState() == CircuitBreaker.State.OPEN);
		int looked = this.database.lookups.get();
		long start = System.nanoTime();
		assertThat(this.authenticator.authenticate(this.rawKey))
			.isEqualTo(new ApiKeyAuthenticator.Rejected(ApiKeyAuthenticator.UNAVAILABLE));
		// "At once": well under the 300 ms lookup timeout it would otherwise wait (and no lookup).
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(200));
		assertThat(this.database.lookups).hasValue(looked);
	}

	@Test
	void whenManyCallsPresentOneUncachedKeyAtOnceThenTheyShareOneLookup() throws Exception {
		withLongLookupTimeout();
		this.database.store(active());
		this.database.hang();
		ExecutorService callers = Executors.newFixedThreadPool(8);
		try {
			List<Future<ApiKeyAuthenticator.Outcome>> outcomes = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				outcomes.add(callers.submit(() -> this.authenticator.authenticate(this.rawKey)));
			}
			await().atMost(Duration.ofSeconds(5)).untilAtomic(this.database.lookups, org.hamcrest.Matchers.equalTo(1));
			this.database.release();
			for (Future<ApiKeyAuthenticator.Outcome> outcome : outcomes) {
				assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(ApiKeyAuthenticator.Authenticated.class);
			}
		}
		finally {
			callers.shutdownNow();
		}
		assertThat(this.database.lookups).hasValue(1);
	}

	@Test
	void whenManyCallsShareOneLookupThenOnlyTheCallStartingItAsksForAPermit() throws Exception {
		withLongLookupTimeout();
		this.database.store(active());
		this.database.hang();
		CountingPermit permit = new CountingPermit(true);
		ExecutorService callers = Executors.newFixedThreadPool(8);
		try {
			List<Future<ApiKeyAuthenticator.Outcome>> outcomes = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				outcomes.add(callers.submit(() -> this.authenticator.authenticate(this.rawKey, permit)));
			}
			await().atMost(Duration.ofSeconds(5)).untilAtomic(this.database.lookups, org.hamcrest.Matchers.equalTo(1));
			this.database.release();
			for (Future<ApiKeyAuthenticator.Outcome> outcome : outcomes) {
				assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(ApiKeyAuthenticator.Authenticated.class);
			}
		}
		finally {
			callers.shutdownNow();
		}
		// Calls arriving after the lookup find the key in the cache and ask for nothing either.
		assertThat(permit.asked).hasValue(1);
	}

	@Test
	void whenThePermitIsRefusedThenNoLookupStarts() {
		this.database.store(active());
		CountingPermit permit = new CountingPermit(false);
		assertThat(this.authenticator.authenticate(this.rawKey, permit))
			.isEqualTo(new ApiKeyAuthenticator.Rejected(ApiKeyAuthenticator.LOOKUP_REFUSED));
		assertThat(this.database.lookups).hasValue(0);
		assertThat(permit.asked).hasValue(1);
	}

	@Test
	void whenAKeyIsVerifiedAndItsRenewalIsDueThenNoPermitIsAsked() {
		this.database.store(active());
		assertThat(this.authenticator.authenticate(this.rawKey)).isInstanceOf(ApiKeyAuthenticator.Authenticated.class);
		advance(TTL.dividedBy(2));
		CountingPermit permit = new CountingPermit(false);
		assertThat(this.authenticator.authenticate(this.rawKey, permit))
			.isInstanceOf(ApiKeyAuthenticator.Authenticated.class);
		await().atMost(Duration.ofSeconds(5)).untilAtomic(this.database.lookups, org.hamcrest.Matchers.equalTo(2));
		assertThat(permit.asked).hasValue(0);
	}

	@Test
	void whenAKeyIsMalformedThenItIsRefusedWithoutALookup() {
		assertThat(this.authenticator.authenticate("gsk_nope"))
			.isEqualTo(new ApiKeyAuthenticator.Rejected(ApiKeyAuthenticator.INVALID));
		assertThat(this.database.lookups).hasValue(0);
	}

	private void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	private static Status.Code status(ApiKeyAuthenticator.Outcome outcome) {
		return (outcome instanceof ApiKeyAuthenticator.Rejected rejected) ? rejected.status().getCode()
				: Status.Code.OK;
	}

	private static VerifiedApiKey active() {
		return new VerifiedApiKey(1L, "key", "rita", List.of("ROLE_STAFF"), List.of(), null, null, null);
	}

	private static VerifiedApiKey revoked() {
		return new VerifiedApiKey(1L, "key", "rita", List.of("ROLE_STAFF"), List.of(), null, null,
				NOW.minusSeconds(1));
	}

	/** A permit that always gives the same answer and counts how often it was asked. */
	private static final class CountingPermit implements ApiKeyAuthenticator.LookupPermit {

		final AtomicInteger asked = new AtomicInteger();

		private final boolean allow;

		CountingPermit(boolean allow) {
			this.allow = allow;
		}

		@Override
		public boolean tryAcquire() {
			this.asked.incrementAndGet();
			return this.allow;
		}

	}

	/** A stored key that answers, fails, or hangs until released (or interrupted). */
	private static final class Database implements ApiKeyLookup {

		final AtomicInteger lookups = new AtomicInteger();

		private volatile Optional<VerifiedApiKey> stored = Optional.empty();

		private volatile boolean failing;

		private volatile CountDownLatch gate = new CountDownLatch(0);

		void store(VerifiedApiKey key) {
			this.stored = Optional.ofNullable(key);
		}

		void fail() {
			this.failing = true;
		}

		void hang() {
			this.gate = new CountDownLatch(1);
		}

		void release() {
			this.gate.countDown();
		}

		@Override
		public Optional<VerifiedApiKey> verify(String rawKey) {
			this.lookups.incrementAndGet();
			try {
				this.gate.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while waiting for a connection", ex);
			}
			if (this.failing) {
				throw new IllegalStateException("connection refused");
			}
			return this.stored;
		}

	}

}
