package dev.grpcstarter.core.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class KeyLookupExecutorTests {

	private final MutableClock clock = new MutableClock();

	private KeyLookupExecutor executor;

	@AfterEach
	void close() {
		if (this.executor != null) {
			this.executor.close();
		}
	}

	@Test
	void whenLookupAnswersThenItsResultIsReturned() throws Exception {
		this.executor = executor(Duration.ofSeconds(5), 2, 2, 10);
		assertThat(this.executor.submit(() -> "found").get(5, TimeUnit.SECONDS)).isEqualTo("found");
		assertThat(this.executor.circuitBreaker().getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
	}

	@Test
	void whenLookupOutlivesTheTimeoutThenItFailsAndItsThreadIsInterrupted() throws Exception {
		this.executor = executor(Duration.ofMillis(200), 2, 2, 10);
		CountDownLatch never = new CountDownLatch(1);
		AtomicBoolean interrupted = new AtomicBoolean();
		CountDownLatch ended = new CountDownLatch(1);
		long start = System.nanoTime();
		CompletableFuture<String> lookup = this.executor.submit(() -> {
			try {
				never.await();
				return "late";
			}
			catch (InterruptedException ex) {
				interrupted.set(true);
				throw ex;
			}
			finally {
				ended.countDown();
			}
		});
		Throwable failure = catchThrowable(() -> lookup.get(5, TimeUnit.SECONDS));
		long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		assertThat(failure).isInstanceOf(ExecutionException.class).hasCause(KeyLookupExecutor.TIMED_OUT);
		assertThat(elapsedMillis).isBetween(150L, 1000L);
		assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(interrupted).isTrue();
		assertThat(this.executor.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
	}

	@Test
	void whenLookupsKeepFailingThenTheBreakerOpensAndRefusesAtOnceWithoutRunningThem(CapturedOutput output)
			throws Exception {
		this.executor = executor(Duration.ofSeconds(5), 2, 2, 10);
		for (int i = 0; i < 2; i++) {
			CompletableFuture<String> failing = this.executor.submit(() -> {
				throw new IllegalStateException("connection refused");
			});
			assertThat(catchThrowable(() -> failing.get(5, TimeUnit.SECONDS))).hasRootCauseMessage("connection refused");
		}
		assertThat(this.executor.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
		AtomicInteger ran = new AtomicInteger();
		CompletableFuture<Integer> refused = this.executor.submit(ran::incrementAndGet);
		assertThat(refused).isCompletedExceptionally();
		assertThat(KeyLookupExecutor.isUnavailable(catchThrowable(refused::join).getCause())).isTrue();
		assertThat(ran).hasValue(0);
		assertThat(output).containsOnlyOnce("API key lookups keep failing");
	}

	@Test
	void whenTheOpenBreakerHasWaitedThenOneProbeIsLetThroughAndItsSuccessClosesTheBreaker(CapturedOutput output)
			throws Exception {
		this.executor = executor(Duration.ofSeconds(5), 2, 2, 10);
		this.executor.circuitBreaker().transitionToOpenState();
		assertThat(this.executor.submit(() -> "x")).isCompletedExceptionally();
		this.clock.advance(Duration.ofSeconds(5).plusMillis(1));
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<String> probe = this.executor.submit(() -> {
			release.await();
			return "probe";
		});
		assertThat(this.executor.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
		assertThat(this.executor.submit(() -> "second")).as("only one probe at a time").isCompletedExceptionally();
		release.countDown();
		assertThat(probe.get(5, TimeUnit.SECONDS)).isEqualTo("probe");
		assertThat(this.executor.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(output).containsOnlyOnce("API key lookups succeed again");
	}

	@Test
	void whenTheProbeFailsThenTheBreakerOpensAgain() throws Exception {
		this.executor = executor(Duration.ofSeconds(5), 2, 2, 10);
		this.executor.circuitBreaker().transitionToOpenState();
		this.clock.advance(Duration.ofSeconds(5).plusMillis(1));
		CompletableFuture<String> probe = this.executor.submit(() -> {
			throw new IllegalStateException("still down");
		});
		assertThat(catchThrowable(() -> probe.get(5, TimeUnit.SECONDS))).isNotNull();
		assertThat(this.executor.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
	}

	@Test
	void whenEveryThreadIsBusyAndTheQueueFullThenALookupIsRefusedAtOnceAndNotCountedAsFailure() throws Exception {
		this.executor = executor(Duration.ofSeconds(5), 10, 1, 1);
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch running = new CountDownLatch(1);
		CompletableFuture<String> first = this.executor.submit(() -> {
			running.countDown();
			release.await();
			return "first";
		});
		assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<String> queued = this.executor.submit(() -> "queued");
		CompletableFuture<String> refused = this.executor.submit(() -> "refused");
		assertThat(refused).isCompletedExceptionally();
		assertThat(catchThrowable(refused::join)).hasCause(KeyLookupExecutor.BUSY);
		assertThat(this.executor.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isZero();
		release.countDown();
		assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
		assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo("queued");
		assertThat(this.executor.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void whenAQueuedLookupOutlivesTheTimeoutThenItFailsWithoutRunning() throws Exception {
		this.executor = executor(Duration.ofMillis(200), 10, 1, 2);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<String> blocking = this.executor.submit(() -> {
			// Like a thread stuck in socket I/O: the deadline's interrupt does not free it.
			while (true) {
				try {
					release.await();
					return "first";
				}
				catch (InterruptedException ex) {
					// keep waiting
				}
			}
		});
		AtomicInteger ran = new AtomicInteger();
		CompletableFuture<Integer> queued = this.executor.submit(ran::incrementAndGet);
		assertThat(catchThrowable(() -> queued.get(5, TimeUnit.SECONDS))).hasCause(KeyLookupExecutor.TIMED_OUT);
		assertThat(catchThrowable(() -> blocking.get(5, TimeUnit.SECONDS))).hasCause(KeyLookupExecutor.TIMED_OUT);
		release.countDown();
		// The pool is free again: the next lookup runs, the queued one never did.
		await().atMost(Duration.ofSeconds(5))
			.until(() -> "next".equals(this.executor.submit(() -> "next").get(5, TimeUnit.SECONDS)));
		assertThat(ran).hasValue(0);
	}

	private KeyLookupExecutor executor(Duration timeout, int minimumCalls, int threads, int queue) {
		return new KeyLookupExecutor(
				KeyLookupExecutor.circuitBreaker(50, 10, minimumCalls, Duration.ofSeconds(5), this.clock), timeout,
				threads, queue);
	}

	/** A clock the test moves by hand, for the breaker's wait in the open state. */
	static final class MutableClock extends Clock {

		private volatile Instant now = Instant.parse("2030-01-01T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
