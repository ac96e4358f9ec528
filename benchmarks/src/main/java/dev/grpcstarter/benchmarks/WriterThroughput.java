package dev.grpcstarter.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import dev.grpcstarter.core.requestlog.RequestLogEntry;
import dev.grpcstarter.core.requestlog.RequestLogPartitions;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import dev.grpcstarter.core.requestlog.RequestStatus;
import dev.grpcstarter.core.schema.GrpcStarterSchemaMigration;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * How many request-log rows per second the writer stores on PostgreSQL and on H2 with
 * nothing else running, the ceiling the full pipeline's throughput is compared with, and
 * what a row costs: CPU of the writer thread alone (not of the loop that hands it rows) and,
 * on PostgreSQL, of the database's processes. PostgreSQL's rows go to the day's partition
 * of the partitioned table, created as the starter's maintenance creates it.
 *
 * <p>{@code java -cp ... dev.grpcstarter.benchmarks.WriterThroughput [ROWS [JDBC-URL USER PASSWORD]]}:
 * an embedded PostgreSQL unless a database is given (an empty one, for example to look at
 * with {@code psql} afterwards). The database's CPU is that of every {@code postgres}
 * process on this machine: a given database must be local, and no other PostgreSQL busy.
 */
public final class WriterThroughput {

	private WriterThroughput() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 0 && args.length != 1 && args.length != 4) {
			throw new IllegalArgumentException("arguments: [ROWS [JDBC-URL USER PASSWORD]]");
		}
		int rows = (args.length > 0) ? Integer.parseInt(args[0]) : 200_000;
		if (args.length == 4) {
			measurePostgres(new SingleConnectionDataSource(args[1], args[2], args[3], true), rows);
		}
		else {
			try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
				measurePostgres(new SingleConnectionDataSource(postgres.getJdbcUrl("postgres", "postgres"), "postgres",
						"", true), rows);
			}
		}
		DataSource h2 = new SingleConnectionDataSource("jdbc:h2:mem:writer;DB_CLOSE_DELAY=-1", "sa", "", true);
		new GrpcStarterSchemaMigration(h2).migrate();
		measure("H2", h2, rows);
		System.exit(0);
	}

	private static void measurePostgres(DataSource dataSource, int rows) {
		new GrpcStarterSchemaMigration(dataSource).migrate();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		boolean partitioned = RequestLogPartitions.isPartitioned(jdbc);
		if (partitioned) {
			new RequestLogPartitions(jdbc, 1, Duration.ofDays(30), 1000, Duration.ofSeconds(5), Clock.systemUTC())
				.createAhead();
		}
		measure(partitioned ? "PostgreSQL" : "PostgreSQL (table not partitioned)", dataSource, rows);
	}

	private static void measure(String name, DataSource dataSource, int rows) {
		RequestLogWriter writer = new RequestLogWriter(new JdbcTemplate(dataSource), rows, 500, Duration.ofMillis(100),
				Duration.ofSeconds(30));
		// A request id of its own per row, as calls have (the writer encodes it every row), made
		// beforehand so that rows arrive as fast as from a busy server.
		String[] requestIds = new String[rows];
		for (int i = 0; i < rows; i++) {
			requestIds[i] = requestId(i);
		}
		writer.start();
		Instant now = Instant.now();
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long writerThread = writerThreadId();
		long writerBefore = threads.getThreadCpuTime(writerThread);
		long databaseBefore = ProcessCpu.named("postgres");
		long busyBefore = MachineCpu.busyNanos();
		long jvmBefore = MachineCpu.thisProcessNanos();
		long start = System.nanoTime();
		for (int i = 0; i < rows; i++) {
			writer.accept(new RequestLogEntry(null, requestIds[i], "bench",
					"bench.v1.BenchService", "Unary", "unary", RequestStatus.SUCCESS, "OK", null, 120, 1L, "bench",
					true, "127.0.0.1", "grpc-java-netty/1.84.1", 1, 1, 64, 64, now));
		}
		writer.awaitIdle(Duration.ofMinutes(5));
		double seconds = (System.nanoTime() - start) / 1e9;
		long busy = MachineCpu.busyNanos() - busyBefore;
		long jvm = MachineCpu.thisProcessNanos() - jvmBefore;
		long writerCpu = threads.getThreadCpuTime(writerThread) - writerBefore;
		long database = ProcessCpu.named("postgres") - databaseBefore;
		System.out.printf(
				"%s: %d rows in %.2f s = %.0f rows/s, CPU per row: writer thread %.2f us, database %s, this JVM %.1f us, machine %.1f us, %s%n",
				name, rows, seconds, rows / seconds, writerCpu / 1000.0 / rows,
				name.startsWith("PostgreSQL") ? String.format("%.2f us", database / 1000.0 / rows) : "(in this JVM)",
				jvm / 1000.0 / rows, busy / 1000.0 / rows, writer.counts());
		writer.close();
	}

	/** 32 hexadecimal digits, like the ids the starter gives calls. */
	private static String requestId(int row) {
		return String.format("%016x%016x", 0x5eed_0000_0000_0000L + row, (long) row * 0x9E37_79B9_7F4A_7C15L);
	}

	private static long writerThreadId() {
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread.getName().equals(RequestLogWriter.THREAD_NAME)) {
				return thread.getId();
			}
		}
		throw new IllegalStateException("no writer thread");
	}

}
