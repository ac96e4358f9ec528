package dev.grpcstarter.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import one.profiler.AsyncProfiler;

/**
 * CPU profiles of the measured phase only ({@code run.sh --profile DIR}): start-up, warm-up
 * and the request-log check stay out, so the profiles of two configurations compare
 * like with like. Uses async-profiler's bundled native library (Linux and macOS).
 */
final class MeasuredPhaseProfiler {

	private final Path directory;

	private final AsyncProfiler profiler;

	MeasuredPhaseProfiler(Path directory) throws IOException {
		this.directory = Files.createDirectories(directory);
		this.profiler = AsyncProfiler.getInstance();
	}

	void start() throws IOException {
		// itimer needs no perf_events permission, so it works in containers too; -Dprofile.event=lock
		// or =wall shows where threads wait instead of where they spend CPU.
		String event = System.getProperty("profile.event", "itimer");
		this.profiler.execute("start,threads,event=" + event + ("itimer".equals(event) ? ",interval=1ms" : ""));
	}

	/**
	 * Stops and writes a flame graph and collapsed stacks named after the run.
	 * @param name the run, e.g. {@code C-pg-round1}
	 * @return the flame graph
	 */
	Path stop(String name) throws IOException {
		this.profiler.execute("stop");
		Path flameGraph = this.directory.resolve(name + ".html");
		this.profiler.execute("flamegraph,file=" + flameGraph.toAbsolutePath());
		this.profiler.execute("collapsed,file=" + this.directory.resolve(name + ".collapsed").toAbsolutePath());
		return flameGraph;
	}

}
