package dev.grpcstarter.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole machine's busy CPU time from {@code /proc/stat}: the server, the load generator
 * and the database process together. Busy time per call is steadier than throughput on a
 * noisy machine, and it shows whether a run was short of CPU or waiting.
 */
final class MachineCpu {

	private static final Path PROC_STAT = Path.of("/proc/stat");

	/** Linux reports /proc/stat in USER_HZ ticks, which is 100 per second on every common kernel. */
	private static final long NANOS_PER_TICK = 10_000_000L;

	/** Below this share of all cores the machine counts as quiet. */
	private static final double QUIET = 0.10;

	private MachineCpu() {
	}

	/**
	 * Collects garbage, then waits (at most 15 s) until the machine's CPU use over half a
	 * second falls below 10 %: a database checkpoint or a finishing writer is not measured
	 * as part of the next run.
	 */
	static void awaitQuiet() throws InterruptedException {
		System.gc();
		int cores = Runtime.getRuntime().availableProcessors();
		long deadline = System.nanoTime() + 15_000_000_000L;
		while (System.nanoTime() < deadline) {
			long busyBefore = busyNanos();
			long start = System.nanoTime();
			Thread.sleep(500);
			if (busyBefore < 0) {
				return;
			}
			double share = (busyNanos() - busyBefore) / (double) ((System.nanoTime() - start) * cores);
			if (share < QUIET) {
				return;
			}
		}
	}

	/** @return CPU time used by this JVM so far (server, load generator, H2), in nanoseconds, or -1 */
	static long thisProcessNanos() {
		return (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
				? os.getProcessCpuTime() : -1;
	}

	/**
	 * @return busy CPU time of all cores since boot (user, nice, system, irq, softirq), in
	 * nanoseconds, or -1 where {@code /proc/stat} is not available
	 */
	static long busyNanos() {
		if (!Files.isReadable(PROC_STAT)) {
			return -1;
		}
		try {
			String[] fields = Files.readAllLines(PROC_STAT).get(0).trim().split("\\s+");
			// cpu user nice system idle iowait irq softirq steal ...
			long ticks = Long.parseLong(fields[1]) + Long.parseLong(fields[2]) + Long.parseLong(fields[3])
					+ Long.parseLong(fields[6]) + Long.parseLong(fields[7]);
			return ticks * NANOS_PER_TICK;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

}
