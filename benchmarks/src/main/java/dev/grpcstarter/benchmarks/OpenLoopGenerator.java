package dev.grpcstarter.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import com.google.protobuf.ByteString;
import dev.grpcstarter.benchmarks.v1.BenchServiceGrpc;
import dev.grpcstarter.benchmarks.v1.Payload;
import dev.grpcstarter.benchmarks.v1.StreamRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

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

	Result run(int port, @Nullable String apiKey, Supplier<CpuSample> cpu) throws InterruptedException {
		List<BenchServiceGrpc.BenchServiceStub> stubs = new ArrayList<>();
		List<ManagedChannel> channels = new ArrayList<>();
		Metadata headers = new Metadata();
		headers.put(Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER),
				(apiKey != null) ? apiKey : LoadGenerator.UNCHECKED_KEY);
		for (int i = 0; i < this.settings.channels(); i++) {
			ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port)
				.usePlaintext()
				.directExecutor()
				.build();
			channels.add(channel);
			stubs.add(BenchServiceGrpc.newStub(channel)
				.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)));
		}
		Payload payload = Payload.newBuilder()
			.setBody(ByteString.copyFrom(new byte[this.settings.payloadBytes()]))
			.build();
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
					send(stubs.get((int) (index % stubs.size())), payload, due, measured, recorder, outstanding,
							measuredCalls, errors, completed);
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
		for (ManagedChannel channel : channels) {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
		return new Result(offered[0], measuredCalls.get(), errors.get(), completed.get(), notSent[0],
				measureEnd - measureStart, used, recorder.getIntervalHistogram());
	}

	private void send(BenchServiceGrpc.BenchServiceStub stub, Payload payload, long due, boolean measured,
			Recorder recorder, AtomicLong outstanding, AtomicLong measuredCalls, AtomicLong errors,
			AtomicLong completed) {
		StreamObserver<Payload> observer = new StreamObserver<>() {
			@Override
			public void onNext(Payload value) {
			}

			@Override
			public void onError(Throwable error) {
				errors.incrementAndGet();
				done();
			}

			@Override
			public void onCompleted() {
				done();
			}

			private void done() {
				if (measured) {
					recorder.recordValue(Math.max(1, (System.nanoTime() - due) / 1000));
					measuredCalls.incrementAndGet();
				}
				completed.incrementAndGet();
				outstanding.decrementAndGet();
			}
		};
		if (this.settings.streamMessages() > 0) {
			stub.stream(StreamRequest.newBuilder()
				.setPayload(payload)
				.setCount(this.settings.streamMessages())
				.build(), observer);
		}
		else {
			stub.unary(payload, observer);
		}
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
