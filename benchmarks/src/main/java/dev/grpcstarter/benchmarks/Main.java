package dev.grpcstarter.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Runs every configuration in one go, interleaved (A B C-h2 C-pg D, repeated) so machine
 * noise hits all alike, and prints each configuration's figures with its ratios to (A) bare
 * grpc-java and (B) Spring Boot's gRPC server alone.
 *
 * <pre>
 * benchmarks/run.sh                       # default: about 2.5 minutes on 2 cores
 * benchmarks/run.sh --rounds 5 --duration 20s --channels 4 --outstanding 32 --payload 1024 --stream 10
 * benchmarks/run.sh --profile target/profiles   # a CPU flame graph of each measured phase
 * </pre>
 */
public final class Main {

	/** Load time of each configuration in the unrecorded warm-up pass: long enough for the JIT. */
	private static final Duration WARMUP_PASS = Duration.ofSeconds(4);

	private static final String OBSERVATION_SUFFIX = "+obs";

	private Main() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
		LoadGenerator.Settings settings = new LoadGenerator.Settings(
				Integer.parseInt(options.getOrDefault("channels", "2")),
				Integer.parseInt(options.getOrDefault("outstanding", "16")), seconds(options.getOrDefault("warmup", "2s")),
				seconds(options.getOrDefault("duration", "4s")), Integer.parseInt(options.getOrDefault("payload", "64")),
				Integer.parseInt(options.getOrDefault("stream", "0")));
		List<String> configurations = List.of(options.getOrDefault("configs", "A,B,C-h2,C-pg,D").split(","));
		MeasuredPhaseProfiler profiler = options.containsKey("profile")
				? new MeasuredPhaseProfiler(Path.of(options.get("profile"))) : null;
		System.out.printf("Load: %s; %d rounds; %d cores, %d MB max heap, Java %s%n", settings.describe(), rounds,
				Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / (1024 * 1024),
				System.getProperty("java.version"));

		EmbeddedPostgres postgres = configurations.stream().anyMatch((name) -> name.startsWith("C-pg"))
				? EmbeddedPostgres.builder().start() : null;
		Map<String, List<LoadGenerator.Result>> results = new LinkedHashMap<>();
		List<String> requestLogChecks = new ArrayList<>();
		try {
			// Every configuration's code (and the load generator's) is compiled before anything
			// is measured: one unrecorded run of each first. Without it the first measured run
			// of a configuration spent up to a quarter of its CPU in the JIT compiler.
			System.out.println("warm-up pass, not recorded: " + String.join(" ", configurations));
			LoadGenerator.Settings warmupPass = settings.warmupOnly(WARMUP_PASS);
			for (String configuration : configurations) {
				try (BenchDatabase database = BenchDatabase.of(configuration, postgres);
						ServerUnderTest server = start(configuration, database)) {
					new LoadGenerator(warmupPass).run(server.port(), server.apiKey());
				}
				MachineCpu.awaitQuiet();
			}
			for (int round = 1; round <= rounds; round++) {
				for (String configuration : configurations) {
					try (BenchDatabase database = BenchDatabase.of(configuration, postgres);
							ServerUnderTest server = start(configuration, database)) {
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

	/**
	 * Starts a configuration; a {@code +obs} suffix on a C configuration adds Spring Boot's
	 * per-call Micrometer observation, which B, C and D otherwise all leave out alike.
	 */
	private static ServerUnderTest start(String configuration, BenchDatabase database) {
		boolean observation = configuration.endsWith(OBSERVATION_SUFFIX);
		if (observation && !configuration.startsWith("C-")) {
			throw new IllegalArgumentException(OBSERVATION_SUFFIX + " only goes after a C configuration, got "
					+ configuration);
		}
		return switch (configuration.replace(OBSERVATION_SUFFIX, "")) {
			case "A" -> ServerUnderTest.bare();
			case "B" -> ServerUnderTest.springBootAlone();
			case "C-h2", "C-pg" -> ServerUnderTest.fullPipeline(database, observation);
			case "C-nolog" -> ServerUnderTest.pipelineWithoutRequestLog(database, observation);
			case "D" -> ServerUnderTest.pipelineOff(database);
			default -> throw new IllegalArgumentException("unknown configuration " + configuration
					+ "; use A, B, C-h2, C-pg, C-nolog, D, and +obs after a C configuration");
		};
	}

	private static void print(Map<String, List<LoadGenerator.Result>> results) {
		Map<String, Summary> summaries = new LinkedHashMap<>();
		results.forEach((configuration, runs) -> summaries.put(configuration, Summary.of(runs)));
		Summary bare = summaries.get("A");
		Summary boot = summaries.get("B");
		System.out.println();
		System.out.println("Median of the rounds (calls/s range over the rounds in brackets):");
		System.out.println();
		System.out.println("| config | calls/s | p50 | p90 | p99 | p99.9 | errors | CPU per call | calls/s vs A | p99 vs A | calls/s vs B |");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
		summaries.forEach((configuration, summary) -> System.out.printf(Locale.ROOT,
				"| %s | %.0f (%.0f-%.0f) | %d us | %d us | %d us | %d us | %d | %.1f us | %s | %s | %s |%n",
				configuration, summary.qps, summary.minQps, summary.maxQps, summary.p50, summary.p90, summary.p99,
				summary.p999, summary.errors, summary.cpuMicrosPerCall,
				ratio(summary.qps, (bare != null) ? bare.qps : 0), ratio(summary.p99, (bare != null) ? bare.p99 : 0),
				ratio(summary.qps, (boot != null) ? boot.qps : 0)));
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

	/**
	 * One configuration over its rounds: the median of each figure, since a round now and
	 * then runs much slower for every configuration alike on a shared virtual machine, and
	 * a median is not pulled by it.
	 */
	private record Summary(double qps, double minQps, double maxQps, long p50, long p90, long p99, long p999,
			long errors, double cpuMicrosPerCall) {

		static Summary of(List<LoadGenerator.Result> runs) {
			return new Summary(median(runs, LoadGenerator.Result::qps),
					runs.stream().mapToDouble(LoadGenerator.Result::qps).min().orElse(0),
					runs.stream().mapToDouble(LoadGenerator.Result::qps).max().orElse(0),
					(long) median(runs, (run) -> run.latency().getValueAtPercentile(50)),
					(long) median(runs, (run) -> run.latency().getValueAtPercentile(90)),
					(long) median(runs, (run) -> run.latency().getValueAtPercentile(99)),
					(long) median(runs, (run) -> run.latency().getValueAtPercentile(99.9)),
					runs.stream().mapToLong(LoadGenerator.Result::errors).sum(),
					median(runs, (run) -> (run.busyNanos() >= 0) ? run.busyNanos() / 1000.0 / run.calls() : -1));
		}

		private static double median(List<LoadGenerator.Result> runs, ToDoubleFunction<LoadGenerator.Result> figure) {
			double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
			int middle = values.length / 2;
			return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
		}

	}

}
