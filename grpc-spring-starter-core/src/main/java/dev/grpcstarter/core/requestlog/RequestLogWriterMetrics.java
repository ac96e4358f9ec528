package dev.grpcstarter.core.requestlog;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer meters of the request-log writer: {@code grpc.request-log.accepted},
 * {@code .written}, {@code .dropped}, {@code .slowed} (counters), {@code .pending} (gauge)
 * and {@code .batch} (timer of each batch write).
 */
public final class RequestLogWriterMetrics implements MeterBinder {

	private final RequestLogWriter writer;

	/**
	 * Meters of a writer.
	 * @param writer the writer
	 */
	public RequestLogWriterMetrics(RequestLogWriter writer) {
		this.writer = writer;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder("grpc.request-log.accepted", this.writer, (w) -> w.counts().accepted())
			.description("Request-log rows handed to the writer")
			.register(registry);
		FunctionCounter.builder("grpc.request-log.written", this.writer, (w) -> w.counts().written())
			.description("Request-log rows written to the database")
			.register(registry);
		FunctionCounter.builder("grpc.request-log.dropped", this.writer, (w) -> w.counts().dropped())
			.description("Request-log rows given up")
			.register(registry);
		FunctionCounter.builder("grpc.request-log.slowed", this.writer, RequestLogWriter::slowedCalls)
			.description("Calls that paused because the request-log writer was behind")
			.register(registry);
		Gauge.builder("grpc.request-log.pending", this.writer, (w) -> w.counts().pending())
			.description("Request-log rows held in memory")
			.register(registry);
		this.writer.recordBatchesWith(timer(registry));
	}

	/**
	 * A batch timer recording into a registry.
	 * @param registry the registry
	 * @return the timer
	 */
	static BatchTimer timer(MeterRegistry registry) {
		Timer timer = Timer.builder("grpc.request-log.batch")
			.description("Latency of request-log batch writes")
			.register(registry);
		return (nanos) -> timer.record(nanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * Records the latency of one batch write.
	 */
	@FunctionalInterface
	public interface BatchTimer {

		/** A timer recording nothing. */
		BatchTimer NONE = (nanos) -> {
		};

		/**
		 * Records one batch write.
		 * @param nanos its duration
		 */
		void record(long nanos);

	}

}
