package dev.grpcstarter.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An open-loop load generator: calls start at a fixed rate whatever the server does, so a
 * slow server cannot slow the offer down. A call's latency counts from when it was due, not
 * from when it was sent, so a generator that fell behind does not hide the server's stalls.
 */
final class OpenLoopGenerator {

	/** Calls in flight beyond which the generator stops offering (and counts what it did not send). */
	private static final int MAX_OUTSTANDING = 20_000;

	private final LoadGenerator.Settings settings;

	private final int rate;

	OpenLoopGenerator(LoadGenerator.Settings settings, int rate) {
		this.settings = settings;
		this.rate = rate;
	}

	Result run(Target target, Supplier<CpuSample> cpu) throws InterruptedException {
		CallSender calls = CallSender.open(target, this.settings);
		Recorder recorder = new Recorder(Duration.ofSeconds(60).toNanos() / 1000, 3);
		AtomicLong outstanding = new AtomicLong();
		AtomicLong measuredCalls = new AtomicLong();
		AtomicLong errors = new AtomicLong();
		AtomicLong completed = new AtomicLong();
		long interval = 1_000_000_000L / this.rate;
		long start = System.nanoTime() + 10_000_000L;
		long measureStart = start + this.settings.warmup().toNanos();
		long measureEnd = measureStart + this.settings.duration().toNanos();
		long[] notSent = new long[1];
		long[] offered = new long[1];
		Thread offer = new Thread(() -> {
			long index = 0;
			while (true) {
				long due = start + index * interval;
				if (due >= measureEnd) {
					return;
				}
				long now = System.nanoTime();
				if (due > now) {
					LockSupport.parkNanos(due - now);
					continue;
				}
				boolean measured = due >= measureStart;
				if (measured) {
					offered[0]++;
				}
				if (outstanding.get() >= MAX_OUTSTANDING) {
					if (measured) {
						notSent[0]++;
					}
				}
				else {
					outstanding.incrementAndGet();
					calls.send((ok) -> {
						if (!ok) {
							errors.incrementAndGet();
						}
						if (measured) {
							recorder.recordValue(Math.max(1, (System.nanoTime() - due) / 1000));
							measuredCalls.incrementAndGet();
						}
						completed.incrementAndGet();
						outstanding.decrementAndGet();
					});
				}
				index++;
			}
		}, "open-loop-offer");
		offer.start();
		LockSupport.parkNanos(measureStart - System.nanoTime());
		CpuSample before = cpu.get();
		LockSupport.parkNanos(measureEnd - System.nanoTime());
		CpuSample used = cpu.get().minus(before);
		offer.join();
		long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (outstanding.get() > 0 && System.nanoTime() < drainDeadline) {
			Thread.sleep(10);
		}
		calls.close();
		return new Result(offered[0], measuredCalls.get(), errors.get(), completed.get(), notSent[0],
				measureEnd - measureStart, used, recorder.getIntervalHistogram());
	}

	/**
	 * What one run at a fixed rate measured.
	 *
	 * @param offered calls due in the measured phase
	 * @param calls of those, calls that completed (with or without an error)
	 * @param errors calls that failed, in all phases
	 * @param completed calls completed in all phases (for the request-log check)
	 * @param notSent calls due in the measured phase but not sent, too many being in flight
	 * @param elapsedNanos length of the measured phase
	 * @param cpu CPU used by each party in the measured phase
	 * @param latency latencies from when each call was due, microseconds
	 */
	record Result(long offered, long calls, long errors, long completed, long notSent, long elapsedNanos, CpuSample cpu,
			Histogram latency) {

		double qps() {
			return this.calls / (this.elapsedNanos / 1e9);
		}

	}

}
