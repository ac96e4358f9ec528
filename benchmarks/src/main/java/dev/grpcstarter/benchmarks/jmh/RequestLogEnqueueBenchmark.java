package dev.grpcstarter.benchmarks.jmh;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import dev.grpcstarter.core.requestlog.RequestLogEntry;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import dev.grpcstarter.core.requestlog.RequestStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Handing one row to the request-log writer, which is all a call pays; the writer drains
 * into H2 on its own thread meanwhile.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(2)
@State(Scope.Benchmark)
public class RequestLogEnqueueBenchmark {

	private RequestLogWriter writer;

	private final RequestLogEntry entry = new RequestLogEntry(null, "0123456789abcdef0123456789abcdef", "bench",
			"bench.v1.BenchService", "Unary", "unary", RequestStatus.SUCCESS, "OK", null, 120, 1L, "bench", true,
			"127.0.0.1", "grpc-java-netty/1.84.1", 1, 1, 64, 64, Instant.now());

	@Setup
	public void setUp() {
		this.writer = new RequestLogWriter(new JdbcTemplate(Fixtures.database()), 100_000, 500, Duration.ofMillis(100),
				Duration.ofSeconds(1));
		this.writer.start();
	}

	@TearDown
	public void tearDown() {
		this.writer.close();
	}

	@Benchmark
	public void enqueue() {
		this.writer.accept(this.entry);
	}

}
