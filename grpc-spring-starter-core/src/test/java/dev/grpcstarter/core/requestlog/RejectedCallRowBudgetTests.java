package dev.grpcstarter.core.requestlog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.grpcstarter.core.requestlog.RejectedCallRowBudget.Reason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RejectedCallRowBudgetTests {

	private static final Duration WINDOW = Duration.ofMinutes(1);

	private final Queue<RequestLogEntry> rows = new ConcurrentLinkedQueue<>();

	/** Caffeine's clock, moved by the tests: windows end when a test says so. */
	private final AtomicLong nanos = new AtomicLong();

	private final Ticker ticker = this.nanos::get;

	private RejectedCallRowBudget budget(int rowsPerAddress, int maxAddresses) {
		return new RejectedCallRowBudget(this.rows::add, rowsPerAddress, WINDOW, maxAddresses, () -> "instance-1",
				this.ticker);
	}

	@Test
	void whenAnAddressUsesUpItsBudgetThenTheRestIsCountedAndSummarisedInOneRowWhenTheWindowEnds() {
		RejectedCallRowBudget budget = budget(3, 100);
		for (int i = 0; i < 10; i++) {
			budget.accept(refused("10.0.0.1", "Books", "GetBook"), Reason.UNAUTHENTICATED);
		}
		assertThat(this.rows).hasSize(3).noneMatch(RequestLogEntry::isSummary);
		assertThat(budget.suppressed(Reason.UNAUTHENTICATED)).isEqualTo(7);

		budget.closeEndedWindows();
		assertThat(this.rows).as("the window has not ended").hasSize(3);
		this.nanos.addAndGet(WINDOW.toNanos() + 1);
		budget.closeEndedWindows();

		RequestLogEntry summary = summaries().get(0);
		assertThat(summaries()).hasSize(1);
		assertThat(summary.calls()).isEqualTo(7);
		assertThat(summary.callType()).isEqualTo(RejectedCallRowBudget.SUMMARY_CALL_TYPE);
		assertThat(summary.grpcCode()).isEqualTo("UNAUTHENTICATED");
		assertThat(summary.status()).isEqualTo(RequestStatus.ERROR);
		assertThat(summary.clientIp()).isEqualTo("10.0.0.1");
		assertThat(summary.service()).isEqualTo("Books");
		assertThat(summary.method()).isEqualTo("GetBook");
		assertThat(summary.authenticated()).isFalse();
		assertThat(summary.principal()).isNull();
		assertThat(summary.instanceId()).isEqualTo("instance-1");
		assertThat(summary.errorMessage()).startsWith("7 calls refused before authentication (UNAUTHENTICATED)");
		assertThat(summary.durationMicros()).isEqualTo(250);
		assertThat(summary.messagesIn()).isEqualTo(7);
		assertThat(summary.bytesIn()).isEqualTo(70);
		assertThat(budget.summaryRows()).isOne();
	}

	@Test
	void whenAWindowEndsThenTheAddressGetsAFreshBudget() {
		RejectedCallRowBudget budget = budget(2, 100);
		for (int i = 0; i < 5; i++) {
			budget.accept(refused("10.0.0.1", "Books", "GetBook"), Reason.UNAUTHENTICATED);
		}
		this.nanos.addAndGet(WINDOW.toNanos() + 1);
		for (int i = 0; i < 4; i++) {
			budget.accept(refused("10.0.0.1", "Books", "GetBook"), Reason.UNAUTHENTICATED);
		}
		// The first window was summarised by the call that opened the second one.
		assertThat(summaries()).extracting(RequestLogEntry::calls).containsExactly(3L);
		assertThat(this.rows).filteredOn((row) -> !row.isSummary()).hasSize(4);
		budget.closeAllWindows();
		assertThat(summaries()).extracting(RequestLogEntry::calls).containsExactly(3L, 2L);
		assertThat(budget.suppressed(Reason.UNAUTHENTICATED)).isEqualTo(5);
	}

	@Test
	void whenCallsAreRefusedForDifferentReasonsThenEachReasonHasItsSummaryAndCount() {
		RejectedCallRowBudget budget = budget(1, 100);
		budget.accept(refused("10.0.0.1", "Books", "GetBook"), Reason.UNAUTHENTICATED);
		budget.accept(refused("10.0.0.1", "Books", "GetBook"), Reason.UNAUTHENTICATED);
		budget.accept(refused("10.0.0.1", "Books", "GetBook"), Reason.THROTTLED);
		budget.accept(refused("10.0.0.1", "Books", "GetBook"), Reason.THROTTLED);
		budget.accept(refused("10.0.0.1", "Books", "GetBook"), Reason.THROTTLED);
		budget.closeAllWindows();
		assertThat(summaries()).extracting(RequestLogEntry::grpcCode, RequestLogEntry::calls)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("UNAUTHENTICATED", 1L),
					org.assertj.core.groups.Tuple.tuple("RESOURCE_EXHAUSTED", 3L));
		assertThat(budget.suppressed(Reason.UNAUTHENTICATED)).isOne();
		assertThat(budget.suppressed(Reason.THROTTLED)).isEqualTo(3);
	}

	@Test
	void whenEachAddressStaysWithinItsBudgetThenEveryCallHasItsRowAndThereIsNoSummary() {
		RejectedCallRowBudget budget = budget(2, 100);
		for (int address = 1; address <= 5; address++) {
			budget.accept(refused("10.0.0." + address, "Books", "GetBook"), Reason.UNAUTHENTICATED);
			budget.accept(refused("10.0.0." + address, "Books", "GetBook"), Reason.UNAUTHENTICATED);
		}
		budget.closeAllWindows();
		assertThat(this.rows).hasSize(10).noneMatch(RequestLogEntry::isSummary);
	}

	@Test
	void whenTheLeftOutCallsWentToDifferentMethodsThenTheSummaryNamesNone() {
		RejectedCallRowBudget budget = budget(0, 100);
		budget.accept(refused("10.0.0.1", "Books", "GetBook"), Reason.UNAUTHENTICATED);
		budget.accept(refused("10.0.0.1", "Books", "ListBooks"), Reason.UNAUTHENTICATED);
		budget.closeAllWindows();
		assertThat(summaries()).singleElement().satisfies((summary) -> {
			assertThat(summary.service()).isEqualTo("Books");
			assertThat(summary.method()).isEqualTo(RejectedCallRowBudget.SEVERAL);
			assertThat(summary.calls()).isEqualTo(2);
		});
	}

	@Test
	void whenMoreAddressesAreRefusedThanTrackedThenTheFurtherOnesShareOneBudgetAndSummary() {
		RejectedCallRowBudget budget = budget(1, 3);
		for (int address = 1; address <= 10; address++) {
			for (int call = 0; call < 3; call++) {
				budget.accept(refused("10.0.0." + address, "Books", "GetBook"), Reason.UNAUTHENTICATED);
			}
		}
		assertThat(budget.trackedAddresses()).isEqualTo(4);
		budget.closeAllWindows();
		List<RequestLogEntry> kept = new ArrayList<>(this.rows).stream().filter((row) -> !row.isSummary()).toList();
		// One row for each of the 3 tracked addresses, one for all the others together.
		assertThat(kept).hasSize(4);
		assertThat(summaries()).hasSize(4);
		assertThat(summaries()).filteredOn((summary) -> summary.clientIp() == null)
			.singleElement()
			.satisfies((others) -> {
				assertThat(others.calls()).isEqualTo(7 * 3 - 1);
				assertThat(others.errorMessage()).contains("from addresses beyond the 3 tracked");
			});
		assertThat(summaries().stream().mapToLong(RequestLogEntry::calls).sum())
			.isEqualTo(budget.suppressed(Reason.UNAUTHENTICATED))
			.isEqualTo(30 - 4);
	}

	@Test
	void whenStoppedThenOpenWindowsAreSummarisedAndLaterRowsPassThrough() {
		RejectedCallRowBudget budget = budget(1, 100);
		budget.start();
		budget.accept(refused("10.0.0.1", "Books", "GetBook"), Reason.UNAUTHENTICATED);
		budget.accept(refused("10.0.0.1", "Books", "GetBook"), Reason.UNAUTHENTICATED);
		budget.accept(refused("10.0.0.1", "Books", "GetBook"), Reason.UNAUTHENTICATED);
		budget.stop();
		assertThat(budget.isRunning()).isFalse();
		assertThat(summaries()).extracting(RequestLogEntry::calls).containsExactly(2L);
		budget.accept(refused("10.0.0.1", "Books", "GetBook"), Reason.UNAUTHENTICATED);
		assertThat(this.rows).hasSize(3);
		assertThat(budget.suppressed(Reason.UNAUTHENTICATED)).isEqualTo(2);
	}

	@Test
	void whenManyThreadsAreRefusedAtOnceThenRowsAndCountsAddUpExactly() throws Exception {
		RejectedCallRowBudget budget = budget(20, 100);
		int threads = 8;
		int callsEach = 5_000;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				done.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < callsEach; i++) {
						budget.accept(refused("10.0.0." + (thread % 2), "Books", "GetBook"),
								(i % 2 == 0) ? Reason.UNAUTHENTICATED : Reason.THROTTLED);
						if (i % 1000 == 0) {
							// Windows end while calls are being counted.
							RejectedCallRowBudgetTests.this.nanos.addAndGet(WINDOW.toNanos() / 4);
							budget.closeEndedWindows();
						}
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : done) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		budget.closeAllWindows();
		long kept = this.rows.stream().filter((row) -> !row.isSummary()).count();
		long summarised = summaries().stream().mapToLong(RequestLogEntry::calls).sum();
		long suppressed = budget.suppressed(Reason.UNAUTHENTICATED) + budget.suppressed(Reason.THROTTLED);
		assertThat(kept + summarised).isEqualTo((long) threads * callsEach);
		assertThat(summarised).isEqualTo(suppressed);
	}

	private List<RequestLogEntry> summaries() {
		return this.rows.stream().filter(RequestLogEntry::isSummary).toList();
	}

	private static RequestLogEntry refused(String clientIp, String service, String method) {
		return new RequestLogEntry(null, RequestContextIds.next(), "instance-1", service, method, "unary",
				RequestStatus.ERROR, "UNAUTHENTICATED", "invalid API key", 250, null, null, false, clientIp,
				"grpc-java/1.80", 1, 0, 10, 0, Instant.parse("2026-12-01T00:00:00Z"));
	}

	/** Request ids for the rows of the tests. */
	private static final class RequestContextIds {

		private static final AtomicLong next = new AtomicLong();

		static String next() {
			return "request-" + next.incrementAndGet();
		}

	}

}
