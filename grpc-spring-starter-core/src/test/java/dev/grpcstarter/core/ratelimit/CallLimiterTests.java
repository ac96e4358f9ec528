package dev.grpcstarter.core.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limiter on its in-memory engine, and its fallback when a shared engine fails.
 */
class CallLimiterTests {

	private final List<CallLimiter> limiters = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (CallLimiter limiter : this.limiters) {
			limiter.close();
		}
	}

	private CallLimiter inMemory() {
		CallLimiter limiter = CallLimiter.inMemory();
		this.limiters.add(limiter);
		return limiter;
	}

	@Test
	void whenAKeyHasNoLimitThenEveryCallIsGrantedWithoutState() {
		assertThat(inMemory().tryAcquire(1, CallLimits.NONE, 0)).isSameAs(Allowance.UNLIMITED);
		assertThat(Allowance.UNLIMITED.state()).isNull();
	}

	@Test
	void whenCallsAreGrantedThenTheStateIsTheMostConstrainingLimit() {
		CallLimiter limiter = inMemory();
		CallLimits limits = CallLimits.of(null, CallLimits.parseRates("3/1s, 100/1d"), null);
		Allowance first = limiter.tryAcquire(7, limits, 0);
		assertThat(first).isInstanceOf(Allowance.Granted.class);
		assertThat(first.state().limit()).isEqualTo(3);
		assertThat(first.state().remaining()).isEqualTo(2);
		// One call back every third of a second: the burst is whole again within a second.
		assertThat(first.state().reset()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
		assertThat(first.state().resetSeconds()).isEqualTo(1);
	}

	@Test
	void whenTheBurstIsUsedThenTheNextCallIsRateLimitedWithTheWaitForOneCall() {
		CallLimiter limiter = inMemory();
		CallLimits limits = CallLimits.of(null, CallLimits.parseRates("3/1m"), null);
		for (int i = 0; i < 3; i++) {
			assertThat(limiter.tryAcquire(8, limits, 0).granted()).isTrue();
		}
		Allowance refused = limiter.tryAcquire(8, limits, 0);
		assertThat(refused).isInstanceOfSatisfying(Allowance.RateLimited.class, (limited) -> {
			assertThat(limited.state().remaining()).isZero();
			assertThat(limited.state().limit()).isEqualTo(3);
			// One call comes back every 20 s.
			assertThat(limited.retryAfter()).isGreaterThan(Duration.ofSeconds(19))
				.isLessThanOrEqualTo(Duration.ofSeconds(20));
			assertThat(limited.state().reset()).isGreaterThan(Duration.ofSeconds(59));
		});
	}

	@Test
	void whenTheQuotaIsUsedThenTheCallIsRefusedUntilTheNextBoundary() {
		CallLimiter limiter = inMemory();
		CallLimits limits = CallLimits.of(null, CallLimits.parseRates("100/1s"), Quota.parse("2/1d"));
		assertThat(limiter.tryAcquire(9, limits, 0).state().limit()).isEqualTo(2);
		assertThat(limiter.tryAcquire(9, limits, 0).state().remaining()).isZero();
		Allowance refused = limiter.tryAcquire(9, limits, 0);
		Duration untilMidnight = Duration.between(Instant.now(), Quota.parse("1/1d").nextRefillAfter(Instant.now()));
		assertThat(refused).isInstanceOfSatisfying(Allowance.QuotaExhausted.class, (exhausted) -> {
			assertThat(exhausted.quota()).isEqualTo(Quota.parse("2/1d"));
			assertThat(exhausted.retryAfter()).isCloseTo(untilMidnight, Duration.ofSeconds(5));
			assertThat(exhausted.state().reset()).isCloseTo(untilMidnight, Duration.ofSeconds(5));
		});
	}

	@Test
	void whenTheLimitsChangeThenWhatWasUsedIsKept() {
		CallLimiter limiter = inMemory();
		CallLimits three = CallLimits.of(3, List.of(), null);
		for (int i = 0; i < 3; i++) {
			assertThat(limiter.tryAcquire(10, three, 0).granted()).isTrue();
		}
		assertThat(limiter.tryAcquire(10, three, 0).granted()).isFalse();
		// Raised from 3 to 5 calls per minute: the 3 used stay used, 2 are left.
		CallLimits five = CallLimits.of(5, List.of(), null);
		assertThat(limiter.tryAcquire(10, five, 1).state().remaining()).isEqualTo(1);
		assertThat(limiter.tryAcquire(10, five, 1).granted()).isTrue();
		assertThat(limiter.tryAcquire(10, five, 1).granted()).isFalse();
		// An instance still on the old version does not undo the change.
		assertThat(limiter.tryAcquire(10, three, 0).state().limit()).isEqualTo(5);
	}

	@Test
	void whenUsageIsReadThenItShowsEveryLimitWithoutUsingACall() {
		CallLimiter limiter = inMemory();
		// 2 per 30 s rather than per second: the first limit gives no call back between the reads.
		CallLimits limits = CallLimits.of(10, CallLimits.parseRates("2/30s"), Quota.parse("50/1d"));
		assertThat(limiter.usage(11, limits, 0)).extracting(LimitUsage::limit, LimitUsage::remaining)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("2/30s", 2L), org.assertj.core.groups.Tuple.tuple("10/1m", 10L),
					org.assertj.core.groups.Tuple.tuple("quota 50/1d", 50L));
		limiter.tryAcquire(11, limits, 0);
		assertThat(limiter.usage(11, limits, 0)).extracting(LimitUsage::remaining).containsExactly(1L, 9L, 49L);
		assertThat(limiter.usage(11, limits, 0)).extracting(LimitUsage::remaining).containsExactly(1L, 9L, 49L);
	}

	@Test
	void whenTheSharedEngineFailsThenCallsAreLimitedInMemoryUntilItIsTriedAgain() throws Exception {
		// Nothing listens on port 1: every attempt fails at once.
		DriverManagerDataSource unreachable = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none",
				"postgres", "");
		CallLimiter limiter = new CallLimiter(
				LimitStore.postgresql(unreachable, new LimitStore.EngineConnection(Duration.ofSeconds(2), 1)),
				new CallLimiter.LocalShare(0.01, Duration.ofSeconds(1)), Duration.ofMinutes(1));
		this.limiters.add(limiter);
		assertThat(limiter.engine()).isEqualTo(RateLimitEngine.POSTGRESQL);
		CallLimits limits = CallLimits.of(2, List.of(), null);
		assertThat(limiter.tryAcquire(12, limits, 0).granted()).isTrue();
		assertThat(limiter.tryAcquire(12, limits, 0).granted()).isTrue();
		assertThat(limiter.tryAcquire(12, limits, 0)).isInstanceOf(Allowance.RateLimited.class);
	}

	@Test
	void whenASharedEngineIsWarmedUpThenItsOwnBucketIsUsed() {
		// Buckets in memory, but behind a shared engine's name: the limiter treats them as shared.
		InMemoryBuckets buckets = new InMemoryBuckets();
		CallLimiter limiter = new CallLimiter(new LimitStore(RateLimitEngine.REDIS, "test", buckets, null, () -> {
		}), CallLimiter.LocalShare.NONE, Duration.ofSeconds(5));
		this.limiters.add(limiter);
		assertThat(buckets.getProxyConfiguration(CallLimiter.WARM_UP_BUCKET)).isEmpty();
		assertThat(limiter.warmUp()).isTrue();
		assertThat(buckets.getProxyConfiguration(CallLimiter.WARM_UP_BUCKET)).isPresent();
	}

	@Test
	void whenTheEngineIsInThisInstancesMemoryThenTheWarmUpHasNothingToDo() {
		CallLimiter limiter = inMemory();
		assertThat(limiter.warmUp()).isTrue();
		assertThat(limiter.store().buckets().getProxyConfiguration(CallLimiter.WARM_UP_BUCKET)).isEmpty();
	}

	@Test
	void whenTheSharedEngineCannotBeReachedThenTheWarmUpFailsQuietlyAndCallsAreStillLimited() {
		DriverManagerDataSource unreachable = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none",
				"postgres", "");
		CallLimiter limiter = new CallLimiter(
				LimitStore.postgresql(unreachable, new LimitStore.EngineConnection(Duration.ofSeconds(2), 1)),
				CallLimiter.LocalShare.NONE, Duration.ofMinutes(1));
		this.limiters.add(limiter);
		assertThat(limiter.warmUp()).isFalse();
		CallLimits limits = CallLimits.of(1, List.of(), null);
		assertThat(limiter.tryAcquire(13, limits, 0).granted()).isTrue();
		assertThat(limiter.tryAcquire(13, limits, 0)).isInstanceOf(Allowance.RateLimited.class);
	}

}
