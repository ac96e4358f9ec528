package dev.grpcstarter.benchmarks;

import java.io.IOException;

/**
 * Which cores a process's threads may run on, set with {@code taskset} (util-linux), so that
 * the server and everything else get a core each when the maximum throughput is measured.
 */
final class Affinity {

	/** Read once, before anything is pinned: a pinned JVM sees fewer processors. */
	private static final String ALL_CORES = "0-" + (Runtime.getRuntime().availableProcessors() - 1);

	private Affinity() {
	}

	/**
	 * Moves all threads of a process (threads it starts later inherit it).
	 * @param pid the process
	 * @param cores the cores, {@code taskset -c} syntax (e.g. {@code 0} or {@code 1-3})
	 */
	static void set(long pid, String cores) throws IOException, InterruptedException {
		Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", cores, Long.toString(pid))
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		if (taskset.waitFor() != 0) {
			throw new IllegalStateException("taskset could not pin process " + pid + " to cores " + cores);
		}
	}

	/** @return all cores of this machine, {@code taskset -c} syntax */
	static String allCores() {
		return ALL_CORES;
	}

}
