package dev.grpcstarter.benchmarks;

import java.time.Duration;
import java.time.Instant;

import dev.grpcstarter.core.requestlog.RequestLogEntry;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import dev.grpcstarter.core.requestlog.RequestStatus;
import dev.grpcstarter.core.schema.GrpcStarterSchemaMigration;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * How many request-log rows per second the writer stores on PostgreSQL and on H2 with
 * nothing else running: the ceiling the full pipeline's throughput is compared with.
 */
public final class WriterThroughput {

	private WriterThroughput() {
	}

	public static void main(String[] args) throws Exception {
		int rows = (args.length > 0) ? Integer.parseInt(args[0]) : 200_000;
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
			measure("PostgreSQL", new SingleConnectionDataSource(postgres.getJdbcUrl("postgres", "postgres"), "postgres",
					"", true), rows);
		}
		measure("H2", new SingleConnectionDataSource("jdbc:h2:mem:writer;DB_CLOSE_DELAY=-1", "sa", "", true), rows);
		System.exit(0);
	}

	private static void measure(String name, javax.sql.DataSource dataSource, int rows) {
		new GrpcStarterSchemaMigration(dataSource).migrate();
		RequestLogWriter writer = new RequestLogWriter(new JdbcTemplate(dataSource), rows, 500, Duration.ofMillis(100),
				Duration.ofSeconds(30));
		writer.start();
		Instant now = Instant.now();
		long busyBefore = MachineCpu.busyNanos();
		long jvmBefore = MachineCpu.thisProcessNanos();
		long start = System.nanoTime();
		for (int i = 0; i < rows; i++) {
			writer.accept(new RequestLogEntry(null, "0123456789abcdef0123456789abcdef", "bench",
					"bench.v1.BenchService", "Unary", "unary", RequestStatus.SUCCESS, "OK", null, 120, 1L, "bench",
					true, "127.0.0.1", "grpc-java-netty/1.84.1", 1, 1, 64, 64, now));
		}
		writer.awaitIdle(Duration.ofMinutes(5));
		double seconds = (System.nanoTime() - start) / 1e9;
		long busy = MachineCpu.busyNanos() - busyBefore;
		long jvm = MachineCpu.thisProcessNanos() - jvmBefore;
		System.out.printf("%s: %d rows in %.2f s = %.0f rows/s, CPU per row: machine %.1f us, this JVM %.1f us, %s%n",
				name, rows, seconds, rows / seconds, busy / 1000.0 / rows, jvm / 1000.0 / rows, writer.counts());
		writer.close();
	}

}
