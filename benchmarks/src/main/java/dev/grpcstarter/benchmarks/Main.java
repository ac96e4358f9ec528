package dev.grpcstarter.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.HdrHistogram.Histogram;

/**
 * Runs every configuration in one go, interleaved (A B C-h2 C-pg D, repeated) so machine
 * noise hits all alike, and prints each configuration's figures with its ratios to (A) bare
 * grpc-java and (B) Spring Boot's gRPC server alone.
 *
 * <pre>
 * benchmarks/run.sh                       # default: about 3 minutes on 2 cores
 * benchmarks/run.sh --rounds 5 --duration 20s --channels 4 --outstanding 32 --payload 1024 --stream 10
 * benchmarks/run.sh --profile target/profiles   # a CPU flame graph of each measured phase
 * </pre>
 */
public final class Main {

	private Main() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		int rounds = Integer.parseInt(options.getOrDefault("rounds", "2"));
		LoadGenerator.Settings settings = new LoadGenerator.Settings(
				Integer.parseInt(options.getOrDefault("channels", "2")),
				Integer.parseInt(options.getOrDefault("outstanding", "16")), seconds(options.getOrDefault("warmup", "3s")),
				seconds(options.getOrDefault("duration", "7s")), Integer.parseInt(options.getOrDefault("payload", "64")),
				Integer.parseInt(options.getOrDefault("stream", "0")));
		List<String> configurations = List.of(options.getOrDefault("configs", "A,B,C-h2,C-pg,D").split(","));
		boolean observation = !"off".equals(options.getOrDefault("observation", "on"));
		MeasuredPhaseProfiler profiler = options.containsKey("profile")
				? new MeasuredPhaseProfiler(Path.of(options.get("profile"))) : null;
		System.out.printf("Load: %s; %d rounds; Spring Boot gRPC observation in C and C-nolog: %s; %d cores, %d MB max heap, Java %s%n",
				settings.describe(), rounds, observation ? "on" : "off",
				Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / (1024 * 1024),
				System.getProperty("java.version"));

		EmbeddedPostgres postgres = configurations.contains("C-pg") ? EmbeddedPostgres.builder().start() : null;
		Map<String, List<LoadGenerator.Result>> results = new LinkedHashMap<>();
		List<String> requestLogChecks = new ArrayList<>();
		try {
			// Every configuration's code (and the load generator's) is compiled before anything
			// is measured: one unrecorded run of each first. Without it the first measured run
			// of a configuration spent up to a quarter of its CPU in the JIT compiler.
			System.out.println("warm-up pass, not recorded: " + String.join(" ", configurations));
			LoadGenerator.Settings warmupPass = settings.warmupOnly();
			for (String configuration : configurations) {
				try (BenchDatabase database = BenchDatabase.of(configuration, postgres);
						ServerUnderTest server = start(configuration, database, observation)) {
					new LoadGenerator(warmupPass).run(server.port(), server.apiKey());
				}
				MachineCpu.awaitQuiet();
			}
			for (int round = 1; round <= rounds; round++) {
				for (String configuration : configurations) {
					try (BenchDatabase database = BenchDatabase.of(configuration, postgres);
							ServerUnderTest server = start(configuration, database, observation)) {
						LoadGenerator.Result result = new LoadGenerator(settings).run(server.port(), server.apiKey(),
								profiler, configuration + "-round" + round);
						results.computeIfAbsent(configuration, (key) -> new ArrayList<>()).add(result);
						String check = server.checkRequestLog(result.completed());
						System.out.printf(
								"round %d %-7s %8.0f calls/s  p99 %6d us  errors %d  CPU %s us/call (JVM %s)%s%n",
								round, configuration, result.qps(), result.latency().getValueAtPercentile(99),
								result.errors(), cpuPerCall(result.busyNanos(), result.calls()),
								cpuPerCall(result.jvmNanos(), result.calls()),
								(check != null) ? "  request log: " + check : "");
						if (check != null) {
							requestLogChecks.add(configuration + " round " + round + ": " + check);
						}
					}
					// What a run leaves behind (garbage, the database's checkpoint) must not be
					// measured as part of the next configuration.
					MachineCpu.awaitQuiet();
				}
			}
		}
		finally {
			if (postgres != null) {
				postgres.close();
			}
		}
		print(results);
		System.out.println();
		System.out.println("Request log after each run of C (one row per completed call, none dropped):");
		requestLogChecks.forEach((check) -> System.out.println("  " + check));
		System.exit(0);
	}

	private static ServerUnderTest start(String configuration, BenchDatabase database, boolean observation) {
		return switch (configuration) {
			case "A" -> ServerUnderTest.bare();
			case "B" -> ServerUnderTest.springBootAlone();
			case "C-h2", "C-pg" -> ServerUnderTest.fullPipeline(database, observation);
			case "C-nolog" -> ServerUnderTest.pipelineWithoutRequestLog(database, observation);
			case "D" -> ServerUnderTest.pipelineOff(database);
			default -> throw new IllegalArgumentException("unknown configuration " + configuration
					+ "; use A, B, C-h2, C-pg, C-nolog, D");
		};
	}

	private static void print(Map<String, List<LoadGenerator.Result>> results) {
		Map<String, Summary> summaries = new LinkedHashMap<>();
		results.forEach((configuration, runs) -> summaries.put(configuration, Summary.of(runs)));
		Summary bare = summaries.get("A");
		Summary boot = summaries.get("B");
		System.out.println();
		System.out.println("| config | calls/s | p50 | p90 | p99 | p99.9 | errors | CPU per call | calls/s vs A | p99 vs A | calls/s vs B |");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
		summaries.forEach((configuration, summary) -> System.out.printf(Locale.ROOT,
				"| %s | %.0f | %d us | %d us | %d us | %d us | %d | %s us | %s | %s | %s |%n", configuration, summary.qps,
				summary.latency.getValueAtPercentile(50), summary.latency.getValueAtPercentile(90),
				summary.latency.getValueAtPercentile(99), summary.latency.getValueAtPercentile(99.9), summary.errors,
				cpuPerCall(summary.busyNanos, summary.calls), ratio(summary.qps, bare != null ? bare.qps : 0),
				ratio(summary.latency.getValueAtPercentile(99), bare != null ? bare.latency.getValueAtPercentile(99) : 0),
				ratio(summary.qps, boot != null ? boot.qps : 0)));
	}

	/** The machine's busy CPU time per call (server, load generator and database together). */
	private static String cpuPerCall(long busyNanos, long calls) {
		return (busyNanos >= 0 && calls > 0) ? String.format(Locale.ROOT, "%.1f", busyNanos / 1000.0 / calls) : "-";
	}

	private static String ratio(double value, double base) {
		return (base > 0) ? String.format(Locale.ROOT, "%.3f", value / base) : "-";
	}

	private static Duration seconds(String text) {
		return Duration.ofSeconds(Long.parseLong(text.replace("s", "")));
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			if (!args[i].startsWith("--")) {
				throw new IllegalArgumentException("options look like --name value, got " + args[i]);
			}
			options.put(args[i].substring(2), args[i + 1]);
		}
		return options;
	}

	/** All runs of one configuration together: calls over total measured time, merged latencies. */
	private record Summary(double qps, long calls, long errors, long busyNanos, Histogram latency) {

		static Summary of(List<LoadGenerator.Result> runs) {
			Histogram merged = new Histogram(3);
			long calls = 0;
			long nanos = 0;
			long errors = 0;
			long busyNanos = 0;
			for (LoadGenerator.Result run : runs) {
				busyNanos = (busyNanos >= 0 && run.busyNanos() >= 0) ? busyNanos + run.busyNanos() : -1;
				merged.add(run.latency());
				calls += run.calls();
				nanos += run.elapsedNanos();
				errors += run.errors();
			}
			return new Summary(calls / (nanos / 1e9), calls, errors, busyNanos, merged);
		}

	}

}
