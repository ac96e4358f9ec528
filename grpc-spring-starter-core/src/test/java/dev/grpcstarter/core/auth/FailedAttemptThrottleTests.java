package dev.grpcstarter.core.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailedAttemptThrottleTests {

	@Test
	void whenTheAllowanceIsUsedUpThenAttemptsAreRefusedWithTheTimeUntilTheNextOne() {
		FailedAttemptThrottle throttle = new FailedAttemptThrottle(3, Duration.ofMinutes(1));
		for (int i = 0; i < 3; i++) {
			assertThat(throttle.tryAttempt("10.0.0.1").allowed()).isTrue();
		}
		FailedAttemptThrottle.Attempt refused = throttle.tryAttempt("10.0.0.1");
		assertThat(refused.allowed()).isFalse();
		// One attempt comes back every window / max = 20 s.
		assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(20));
		assertThat(throttle.tryAttempt("10.0.0.2").allowed()).as("other addresses are not affected").isTrue();
	}

	@Test
	void whenAnAttemptSucceedsThenItIsGivenBack() {
		FailedAttemptThrottle throttle = new FailedAttemptThrottle(2, Duration.ofHours(1));
		for (int i = 0; i < 100; i++) {
			assertThat(throttle.tryAttempt("10.0.0.1").allowed()).isTrue();
			throttle.refund("10.0.0.1");
		}
		assertThat(throttle.tryAttempt("10.0.0.1").allowed()).isTrue();
		assertThat(throttle.tryAttempt("10.0.0.1").allowed()).isTrue();
		assertThat(throttle.tryAttempt("10.0.0.1").allowed()).isFalse();
	}

	@Test
	void whenThrottlingIsDisabledThenEveryAttemptIsAllowed() {
		FailedAttemptThrottle throttle = new FailedAttemptThrottle(0, Duration.ofMinutes(1));
		for (int i = 0; i < 1000; i++) {
			assertThat(throttle.tryAttempt("10.0.0.1").allowed()).isTrue();
		}
	}

	@Test
	void whenManyCallersAttemptAtOnceThenExactlyTheAllowancePasses() throws Exception {
		FailedAttemptThrottle throttle = new FailedAttemptThrottle(20, Duration.ofHours(1));
		int callers = 256;
		CountDownLatch start = new CountDownLatch(1);
		AtomicInteger allowed = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(callers);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				done.add(pool.submit(() -> {
					start.await();
					for (int attempt = 0; attempt < 4; attempt++) {
						if (throttle.tryAttempt("10.0.0.1").allowed()) {
							allowed.incrementAndGet();
						}
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : done) {
				future.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(allowed).hasValue(20);
	}

}
