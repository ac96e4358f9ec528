package dev.grpcstarter.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;

/**
 * Runs every configuration, interleaved (A B C-h2 C-pg D, repeated) so machine noise hits all
 * alike. Each configuration runs as its own server process ({@link Serve}); this JVM is only
 * the load generator, and PostgreSQL (and Redis) run as processes of their own. Two measures
 * on each server, side by side:
 * <ol>
 * <li>a fixed offered load (open loop): the server process's CPU per call, the database's
 * separately, latency percentiles;</li>
 * <li>the maximum throughput (closed loop) with the server pinned to one core and the load
 * generator and the database to the other, with each party's CPU use.</li>
 * </ol>
 * Between them, the server's CPU while it serves nothing ({@code --idle 5s}; 0 to skip): what
 * its timers, flushes and heartbeats cost per second, which a low rate pays per call.
 *
 * <pre>
 * benchmarks/run.sh                                   # about 10 minutes on 2 cores
 * benchmarks/run.sh --configs A,B,C-pg --rates 100,1000,10000 --rounds 3
 * benchmarks/run.sh --profile target/profiles         # flame graphs of each server's pinned run
 * </pre>
 */
public final class Main {

	private Main() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = Options.parse(args, 0);
		int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
		LoadGenerator.Settings settings = new LoadGenerator.Settings(
				Integer.parseInt(options.getOrDefault("channels", "2")),
				Integer.parseInt(options.getOrDefault("outstanding", "16")),
				Options.seconds(options.getOrDefault("warmup", "1s")),
				Options.seconds(options.getOrDefault("duration", "5s")),
				Integer.parseInt(options.getOrDefault("payload", "64")),
				Integer.parseInt(options.getOrDefault("stream", "0")));
		LoadGenerator.Settings serverWarmup = settings.warmupOnly(
				Options.seconds(options.getOrDefault("server-warmup", "15s")));
		// Pinned to one core, the JIT compiler's threads share the server's core: a profile of
		// the pinned run without this showed C2 compiling for a third to a half of it.
		LoadGenerator.Settings pinnedWarmup = settings.warmupOnly(
				Options.seconds(options.getOrDefault("pinned-warmup", "10s")));
		Duration idle = Options.seconds(options.getOrDefault("idle", "5s"));
		List<Integer> rates = List.of(options.getOrDefault("rates", "10000").split(","))
			.stream()
			.map(Integer::parseInt)
			.toList();
		boolean pinned = !"false".equals(options.getOrDefault("max", "true"));
		List<String> configurations = List.of(options.getOrDefault("configs", "A,B,C-h2,C-pg,D").split(","));
		Path out = Files.createDirectories(Path.of(options.getOrDefault("out", "benchmarks/target/results")));
		Path profiles = options.containsKey("profile") ? Path.of(options.get("profile")) : null;
		String allCores = Affinity.allCores();
		System.out.printf("Load: %s; rates %s calls/s; %d rounds; %d cores; server -Xmx1g; Java %s%n",
				settings.describe(), rates, rounds, Runtime.getRuntime().availableProcessors(),
				System.getProperty("java.version"));

		EmbeddedPostgres postgres = configurations.stream().anyMatch(Configurations::needsPostgres)
				? EmbeddedPostgres.builder().start() : null;
		Results results = new Results(configurations, rates);
		try {
			for (int round = 1; round <= rounds; round++) {
				for (String configuration : configurations) {
					try (BenchDatabase database = BenchDatabase.of(configuration, postgres);
							ServerProcess server = ServerProcess.start(configuration, database)) {
						Supplier<CpuSample> cpu = () -> CpuSample.take(server::cpuNanos);
						Target target = Target.of(configuration, server);
						// A fresh JVM: its JIT compiler works for the first seconds under load, and
						// that is not the cost of a call.
						LoadGenerator.Result warmup = new LoadGenerator(serverWarmup).run(target);
						long completed = warmup.completed();
						if (warmup.errors() > 0) {
							System.out.printf("round %d %s warm-up: %d of %d calls failed%n", round, configuration,
									warmup.errors(), warmup.completed());
						}
						// The highest rate first: the JIT compiler goes on compiling for a while
						// after the warm-up, and a low rate would pay for it per call.
						for (int rate : rates.stream().sorted(Comparator.reverseOrder()).toList()) {
							MachineCpu.awaitQuiet();
							OpenLoopGenerator.Result fixed = new OpenLoopGenerator(settings, rate).run(target, cpu);
							completed += fixed.completed();
							String check = server.checkRequestLog(completed);
							results.fixed(configuration, rate, fixed, check);
							System.out.printf(Locale.ROOT,
									"round %d %-19s fixed %6d/s: %8.0f calls/s  server %6.1f us/call  db %6.1f us/call"
											+ "  p99 %6d us  errors %d  not sent %d%s%n",
									round, configuration, rate, fixed.qps(), perCall(fixed.cpu().server(), fixed.calls()),
									perCall(fixed.cpu().database(), fixed.calls()),
									fixed.latency().getValueAtPercentile(99), fixed.errors(), fixed.notSent(),
									(check != null) ? "  request log: " + check : "");
						}
						if (!idle.isZero()) {
							MachineCpu.awaitQuiet();
							CpuSample before = cpu.get();
							Thread.sleep(idle.toMillis());
							CpuSample used = cpu.get().minus(before);
							results.idle(configuration, used.server() * 1e9 / idle.toNanos(),
									used.database() * 1e9 / idle.toNanos());
							System.out.printf(Locale.ROOT,
									"round %d %-19s idle: server %.1f ms CPU per second, db %.1f ms CPU per second%n",
									round, configuration, used.server() / 1e6 / idle.toSeconds(),
									used.database() / 1e6 / idle.toSeconds());
						}
						if (pinned) {
							MachineCpu.awaitQuiet();
							server.pin("0");
							pinOthers("1");
							try {
								completed += new LoadGenerator(pinnedWarmup).run(target).completed();
								if (profiles != null) {
									server.startProfile(profiles);
								}
								LoadGenerator.Result max = new LoadGenerator(settings).run(target, null,
										configuration, cpu);
								if (profiles != null) {
									System.out.println("profile: " + server.stopProfile(configuration + "-round" + round));
								}
								completed += max.completed();
								String check = server.checkRequestLog(completed);
								results.max(configuration, max, check);
								double seconds = max.elapsedNanos() / 1e9;
								System.out.printf(Locale.ROOT,
										"round %d %-19s pinned max: %8.0f calls/s  p99 %6d us  CPU: server %3.0f %%,"
												+ " generator %3.0f %%, db %3.0f %% of a core  errors %d%s%n",
										round, configuration, max.qps(), max.latency().getValueAtPercentile(99),
										share(max.cpu().server(), seconds), share(max.cpu().generator(), seconds),
										share(max.cpu().database(), seconds), max.errors(),
										(check != null) ? "  request log: " + check : "");
							}
							finally {
								pinOthers(allCores);
							}
						}
					}
					MachineCpu.awaitQuiet();
				}
			}
		}
		finally {
			if (postgres != null) {
				postgres.close();
			}
		}
		String report = results.report();
		System.out.println();
		System.out.println(report);
		Files.writeString(out.resolve("results.md"), report);
		ResultChart.write(results, out);
		System.out.println("table and charts in " + out.toAbsolutePath());
		System.exit(0);
	}

	/** Moves this JVM (the load generator) and the database's processes to some cores. */
	private static void pinOthers(String cores) throws Exception {
		Affinity.set(ProcessHandle.current().pid(), cores);
		for (String program : List.of("postgres", "redis-server")) {
			for (long pid : ProcessCpu.pids(program)) {
				Affinity.set(pid, cores);
			}
		}
	}

	static double perCall(long nanos, long calls) {
		return (nanos >= 0 && calls > 0) ? nanos / 1000.0 / calls : Double.NaN;
	}

	/** @return CPU time as a percentage of one core over the phase */
	static double share(long nanos, double seconds) {
		return (nanos >= 0) ? nanos / 1e9 / seconds * 100 : Double.NaN;
	}

	/** Everything measured, by configuration, with the medians over the rounds. */
	static final class Results {

		private final List<String> configurations;

		private final List<Integer> rates;

		private final Map<String, List<OpenLoopGenerator.Result>> fixed = new LinkedHashMap<>();

		private final Map<String, List<LoadGenerator.Result>> max = new LinkedHashMap<>();

		private final List<String> checks = new ArrayList<>();

		/** CPU nanoseconds per second of the server, then of the database, with no calls. */
		private final Map<String, List<double[]>> idle = new LinkedHashMap<>();

		Results(List<String> configurations, List<Integer> rates) {
			this.configurations = configurations;
			this.rates = rates;
		}

		List<String> configurations() {
			return this.configurations;
		}

		List<Integer> rates() {
			return this.rates;
		}

		void fixed(String configuration, int rate, OpenLoopGenerator.Result result, @Nullable String check) {
			this.fixed.computeIfAbsent(configuration + "@" + rate, (key) -> new ArrayList<>()).add(result);
			note(configuration + " at " + rate + "/s", check);
		}

		void idle(String configuration, double serverNanosPerSecond, double databaseNanosPerSecond) {
			this.idle.computeIfAbsent(configuration, (key) -> new ArrayList<>())
				.add(new double[] { serverNanosPerSecond, databaseNanosPerSecond });
		}

		/** @return what the idle server's CPU comes to per call at a rate, microseconds, NaN where not measured */
		double idleCpuPerCall(String configuration, int rate) {
			List<double[]> runs = this.idle.get(configuration);
			return (runs != null) ? Median.of(runs, (run) -> run[0]) / 1000.0 / rate : Double.NaN;
		}

		void max(String configuration, LoadGenerator.Result result, @Nullable String check) {
			this.max.computeIfAbsent(configuration, (key) -> new ArrayList<>()).add(result);
			note(configuration + " pinned max", check);
		}

		private void note(String run, @Nullable String check) {
			if (check != null) {
				this.checks.add(run + ": " + check);
			}
		}

		/** @return median server CPU per call at a rate, microseconds, NaN where not measured */
		double serverCpuPerCall(String configuration, int rate) {
			List<OpenLoopGenerator.Result> runs = this.fixed.get(configuration + "@" + rate);
			return (runs != null) ? Median.of(runs, (run) -> perCall(run.cpu().server(), run.calls())) : Double.NaN;
		}

		/** @return median pinned maximum calls per second, NaN where not measured */
		double maxQps(String configuration) {
			List<LoadGenerator.Result> runs = this.max.get(configuration);
			return (runs != null) ? Median.of(runs, LoadGenerator.Result::qps) : Double.NaN;
		}

		String report() {
			StringBuilder report = new StringBuilder();
			for (int rate : this.rates) {
				report.append(String.format(Locale.ROOT, "Fixed offered load, %d calls/s (open loop), median of the rounds:%n%n", rate));
				report.append("| config | calls/s | server CPU per call | of which idle | vs A | vs B | database CPU per call | generator CPU per call | p50 | p99 | p99.9 | errors | not sent |\n");
				report.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
				double a = serverCpuPerCall("A", rate);
				double b = serverCpuPerCall("B", rate);
				for (String configuration : this.configurations) {
					List<OpenLoopGenerator.Result> runs = this.fixed.get(configuration + "@" + rate);
					if (runs == null) {
						continue;
					}
					double server = serverCpuPerCall(configuration, rate);
					report.append(String.format(Locale.ROOT,
							"| %s | %.0f | %.1f us | %s | %s | %s | %s | %.1f us | %.0f us | %.0f us | %.0f us | %d | %d |%n",
							configuration, Median.of(runs, OpenLoopGenerator.Result::qps), server,
							microseconds(idleCpuPerCall(configuration, rate)), ratio(server, a),
							ratio(server, b), microseconds(Median.of(runs, (run) -> perCall(run.cpu().database(), run.calls()))),
							Median.of(runs, (run) -> perCall(run.cpu().generator(), run.calls())),
							Median.of(runs, (run) -> run.latency().getValueAtPercentile(50)),
							Median.of(runs, (run) -> run.latency().getValueAtPercentile(99)),
							Median.of(runs, (run) -> run.latency().getValueAtPercentile(99.9)),
							runs.stream().mapToLong(OpenLoopGenerator.Result::errors).sum(),
							runs.stream().mapToLong(OpenLoopGenerator.Result::notSent).sum()));
				}
				report.append('\n');
				featureCosts(report, rate);
			}
			if (!this.max.isEmpty()) {
				report.append("Maximum throughput, server pinned to core 0, generator and database to core 1 (closed loop), median of the rounds:\n\n");
				report.append("| config | calls/s (range) | vs A | vs B | vs B in the same round (range) | p50 | p99 | p99 vs B | server CPU | generator CPU | database CPU | errors |\n");
				report.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
				double a = maxQps("A");
				double b = maxQps("B");
				List<LoadGenerator.Result> bRuns = this.max.get("B");
				double bP99 = (bRuns != null) ? Median.of(bRuns, (run) -> run.latency().getValueAtPercentile(99)) : Double.NaN;
				for (String configuration : this.configurations) {
					List<LoadGenerator.Result> runs = this.max.get(configuration);
					if (runs == null) {
						continue;
					}
					double qps = maxQps(configuration);
					double p99 = Median.of(runs, (run) -> run.latency().getValueAtPercentile(99));
					report.append(String.format(Locale.ROOT,
							"| %s | %.0f (%.0f-%.0f) | %s | %s | %s | %.0f us | %.0f us | %s | %.0f %% | %.0f %% | %.0f %% | %d |%n",
							configuration, qps, runs.stream().mapToDouble(LoadGenerator.Result::qps).min().orElse(0),
							runs.stream().mapToDouble(LoadGenerator.Result::qps).max().orElse(0), ratio(qps, a),
							ratio(qps, b), pairedRatios(runs, bRuns),
							Median.of(runs, (run) -> run.latency().getValueAtPercentile(50)), p99,
							ratio(p99, bP99),
							Median.of(runs, (run) -> share(run.cpu().server(), run.elapsedNanos() / 1e9)),
							Median.of(runs, (run) -> share(run.cpu().generator(), run.elapsedNanos() / 1e9)),
							Median.of(runs, (run) -> share(run.cpu().database(), run.elapsedNanos() / 1e9)),
							runs.stream().mapToLong(LoadGenerator.Result::errors).sum()));
				}
				report.append('\n');
			}
			if (!this.idle.isEmpty()) {
				report.append("Idle: the server's CPU with no calls (timers, flushes, heartbeats, GC), median of the rounds;"
						+ " \"of which idle\" above is this divided by the rate:\n\n");
				report.append("| config | server CPU per second | database CPU per second |\n");
				report.append("|---|---:|---:|\n");
				this.idle.forEach((configuration, runs) -> report.append(String.format(Locale.ROOT,
						"| %s | %.1f ms | %.1f ms |%n", configuration, Median.of(runs, (run) -> run[0]) / 1e6,
						Median.of(runs, (run) -> run[1]) / 1e6)));
				report.append('\n');
			}
			report.append("Request log after each run (one row per completed call, none dropped):\n\n");
			this.checks.forEach((check) -> report.append("- ").append(check).append('\n'));
			return report.toString();
		}

		/**
		 * Each round's maximum against B's in the same round, the median and the range: the
		 * machine's speed moves between rounds, so two runs of one round compare more fairly
		 * than medians of all rounds, and the range shows how far a single comparison can be
		 * trusted. Each configuration runs once per round, in order, so the n-th runs pair up.
		 */
		private static String pairedRatios(List<LoadGenerator.Result> runs, @Nullable List<LoadGenerator.Result> bRuns) {
			if (bRuns == null || bRuns.isEmpty()) {
				return "-";
			}
			List<Double> ratios = new ArrayList<>();
			for (int round = 0; round < Math.min(runs.size(), bRuns.size()); round++) {
				double ratio = runs.get(round).qps() / bRuns.get(round).qps();
				if (Double.isFinite(ratio)) {
					ratios.add(ratio);
				}
			}
			if (ratios.isEmpty()) {
				return "-";
			}
			return String.format(Locale.ROOT, "%.2f (%.2f-%.2f)", Median.of(ratios, (ratio) -> ratio),
					ratios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
					ratios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
		}

		/**
		 * Each feature's cost at one rate: its configuration against the one that differs by
		 * the feature only (the same method over native gRPC for the web transports), where
		 * both ran.
		 */
		private void featureCosts(StringBuilder report, int rate) {
			List<String> rows = new ArrayList<>();
			for (String configuration : this.configurations) {
				String baseline = Configurations.baseline(configuration);
				if (baseline == null) {
					continue;
				}
				double cost = serverCpuPerCall(configuration, rate);
				double base = serverCpuPerCall(baseline, rate);
				if (Double.isNaN(cost) || Double.isNaN(base)) {
					continue;
				}
				Configurations.Budget budget = Configurations.budget(configuration);
				rows.add(String.format(Locale.ROOT, "| %s | %s | %.1f us | %.1f us | %+.1f us | %s | %s |%n", configuration,
						baseline, cost, base, cost - base, ratio(cost, base),
						(budget != null) ? budget + ((budget.met(cost, base)) ? ": met" : ": missed") : "-"));
			}
			if (rows.isEmpty()) {
				return;
			}
			report.append(String.format(Locale.ROOT,
					"What each feature costs at %d calls/s: server CPU per call against its baseline:%n%n", rate));
			report.append("| config | baseline | server CPU per call | baseline's | extra per call | ratio | budget |\n");
			report.append("|---|---|---:|---:|---:|---:|---|\n");
			rows.forEach(report::append);
			report.append('\n');
		}

		private static String microseconds(double value) {
			return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f us", value);
		}

		private static String ratio(double value, double base) {
			return (!Double.isNaN(value) && !Double.isNaN(base) && base > 0)
					? String.format(Locale.ROOT, "%.2f", value / base) : "-";
		}

	}

}
