package dev.grpcstarter.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.grpcstarter.core.apikey.ApiKeyFormat;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * A closed-loop load generator (for the maximum throughput): channels x outstanding calls, each slot
 * starting its next call when the previous one ends. Latencies of the measured phase go
 * to an HdrHistogram (microseconds); the warm-up is not recorded.
 */
final class LoadGenerator {

	/** What servers that check no key receive instead: as long as a real key. */
	static final String UNCHECKED_KEY = "gsk_" + "0".repeat(ApiKeyFormat.LENGTH - 4);

	private final Settings settings;

	LoadGenerator(Settings settings) {
		this.settings = settings;
	}

	Result run(Target target) throws InterruptedException, IOException {
		return run(target, null, "", () -> new CpuSample(-1, -1, -1, -1));
	}

	/**
	 * Loads the server.
	 * @param target the server, the method and the credential
	 * @param profiler profiles the measured phase when given
	 * @param runName names the profile
	 * @param cpu samples the CPU time of each party
	 * @return the figures of the measured phase
	 */
	Result run(Target target, @Nullable MeasuredPhaseProfiler profiler, String runName, Supplier<CpuSample> cpu)
			throws InterruptedException, IOException {
		CallSender calls = CallSender.open(target, this.settings);
		Recorder recorder = new Recorder(Duration.ofSeconds(60).toNanos() / 1000, 3);
		AtomicBoolean measuring = new AtomicBoolean();
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong measuredCalls = new AtomicLong();
		AtomicLong errors = new AtomicLong();
		AtomicLong completed = new AtomicLong();
		int slots = this.settings.channels() * this.settings.outstanding();
		CountDownLatch drained = new CountDownLatch(slots);
		for (int i = 0; i < slots; i++) {
			new Slot(calls, recorder, measuring, running, measuredCalls, errors, completed, drained).next();
		}
		Thread.sleep(this.settings.warmup().toMillis());
		recorder.reset();
		measuredCalls.set(0);
		if (profiler != null) {
			profiler.start();
		}
		CpuSample before = cpu.get();
		long start = System.nanoTime();
		measuring.set(true);
		Thread.sleep(this.settings.duration().toMillis());
		measuring.set(false);
		long elapsed = System.nanoTime() - start;
		CpuSample used = cpu.get().minus(before);
		if (profiler != null) {
			System.out.println("profile: " + profiler.stop(runName));
		}
		Histogram histogram = recorder.getIntervalHistogram();
		running.set(false);
		drained.await(30, TimeUnit.SECONDS);
		calls.close();
		return new Result(measuredCalls.get(), errors.get(), completed.get(), elapsed, used, histogram);
	}

	/** One outstanding call, restarted as soon as it ends. */
	private static final class Slot {

		private final CallSender calls;

		private final Recorder recorder;

		private final AtomicBoolean measuring;

		private final AtomicBoolean running;

		private final AtomicLong measuredCalls;

		private final AtomicLong errors;

		private final AtomicLong completed;

		private final CountDownLatch drained;

		Slot(CallSender calls, Recorder recorder, AtomicBoolean measuring, AtomicBoolean running,
				AtomicLong measuredCalls, AtomicLong errors, AtomicLong completed, CountDownLatch drained) {
			this.calls = calls;
			this.recorder = recorder;
			this.measuring = measuring;
			this.running = running;
			this.measuredCalls = measuredCalls;
			this.errors = errors;
			this.completed = completed;
			this.drained = drained;
		}

		void next() {
			if (!this.running.get()) {
				this.drained.countDown();
				return;
			}
			long start = System.nanoTime();
			this.calls.send((ok) -> {
				if (!ok) {
					this.errors.incrementAndGet();
				}
				this.completed.incrementAndGet();
				if (this.measuring.get()) {
					this.recorder.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
					this.measuredCalls.incrementAndGet();
				}
				next();
			});
		}

	}

	/**
	 * How to load.
	 *
	 * @param channels connections
	 * @param outstanding calls in flight per connection
	 * @param warmup unrecorded time first
	 * @param duration recorded time
	 * @param payloadBytes request and response size
	 * @param streamMessages responses per call; 0 for unary calls
	 */
	record Settings(int channels, int outstanding, Duration warmup, Duration duration, int payloadBytes,
			int streamMessages) {

		/**
		 * The same load for a while, nothing measured: the unrecorded warm-up pass.
		 * @param time how long
		 * @return the settings
		 */
		Settings warmupOnly(Duration time) {
			return new Settings(this.channels, this.outstanding, time, Duration.ZERO, this.payloadBytes,
					this.streamMessages);
		}

		String describe() {
			return this.channels + " channels x " + this.outstanding + " outstanding, " + this.payloadBytes
					+ " B payload, " + ((this.streamMessages > 0) ? "server streaming x" + this.streamMessages : "unary")
					+ ", warm-up " + this.warmup.toSeconds() + " s, measured " + this.duration.toSeconds() + " s";
		}

	}

	/**
	 * What one run measured.
	 *
	 * @param calls calls completed in the measured phase
	 * @param errors calls that failed, in all phases
	 * @param completed calls completed in all phases (for the request-log check)
	 * @param elapsedNanos length of the measured phase
	 * @param cpu CPU used by each party in the measured phase
	 * @param latency latencies of the measured phase, microseconds
	 */
	record Result(long calls, long errors, long completed, long elapsedNanos, CpuSample cpu, Histogram latency) {

		double qps() {
			return this.calls / (this.elapsedNanos / 1e9);
		}

	}

}
