package dev.grpcstarter.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A configuration started by {@link Serve} in a JVM of its own, so that its CPU time is its
 * own: the load generator and the database run in other processes.
 */
final class ServerProcess implements AutoCloseable {

	private final Process process;

	private final BlockingQueue<String> replies;

	private final PrintWriter commands;

	private final int port;

	private final long pid;

	private final int webPort;

	private final @Nullable String apiKey;

	private final @Nullable String bearerToken;

	private ServerProcess(Process process, BlockingQueue<String> replies, int port, long pid, int webPort,
			@Nullable String apiKey, @Nullable String bearerToken) {
		this.process = process;
		this.replies = replies;
		this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
		this.port = port;
		this.pid = pid;
		this.webPort = webPort;
		this.apiKey = apiKey;
		this.bearerToken = bearerToken;
	}

	/**
	 * The system property naming the class path that only the security configurations have
	 * (Spring Security and its JWT support): with Spring Security present the starter binds
	 * each call's principal into Spring Security's context, which the others do not pay for.
	 */
	static final String SECURITY_CLASS_PATH = "benchmarks.security-class-path";

	/**
	 * The system property naming the class path that only C-pg-rl-redis has (Spring Boot's
	 * Spring Data Redis): its connection factory would put every other configuration's rate
	 * limits and key-change notifications on Redis.
	 */
	static final String REDIS_CLASS_PATH = "benchmarks.redis-class-path";

	/**
	 * Starts a configuration and waits until it serves.
	 * @param configuration the configuration's name
	 * @param database its database
	 * @return the running server
	 */
	static ServerProcess start(String configuration, BenchDatabase database) throws IOException {
		String classPath = System.getProperty("java.class.path");
		String extra = Configurations.needsSecurity(configuration) ? SECURITY_CLASS_PATH
				: Configurations.needsRedis(configuration) ? REDIS_CLASS_PATH : null;
		if (extra != null) {
			String more = System.getProperty(extra, "");
			if (more.isBlank()) {
				throw new IllegalStateException(configuration + " needs -D" + extra + " (run.sh sets it)");
			}
			classPath = classPath + File.pathSeparator + more;
		}
		List<String> command = new ArrayList<>();
		command.addAll(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g",
				"-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-cp", classPath,
				Serve.class.getName(), configuration));
		if (!database.url().startsWith("jdbc:h2:")) {
			command.addAll(List.of("--database-url", database.url(), "--database-user", database.user()));
		}
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		BlockingQueue<String> replies = new LinkedBlockingQueue<>();
		Thread reader = new Thread(() -> forward(process, replies), "server-output-" + configuration);
		reader.setDaemon(true);
		reader.start();
		String line;
		int port = -1;
		long pid = -1;
		int webPort = -1;
		String key = null;
		String token = null;
		// The credentials come first; the ready line ends the start-up.
		while (!(line = next(replies)).equals(END)) {
			if (line.startsWith("api-key=")) {
				key = line.substring(8);
			}
			else if (line.startsWith("bearer-token=")) {
				token = line.substring(13);
			}
			else if (line.startsWith("ready ")) {
				for (String field : line.substring(6).split(" ")) {
					if (field.startsWith("port=")) {
						port = Integer.parseInt(field.substring(5));
					}
					else if (field.startsWith("pid=")) {
						pid = Long.parseLong(field.substring(4));
					}
					else if (field.startsWith("web-port=")) {
						webPort = Integer.parseInt(field.substring(9));
					}
				}
				break;
			}
		}
		if (port < 0 || (Configurations.hasKey(configuration) && key == null)) {
			process.destroyForcibly();
			throw new IllegalStateException(configuration + " did not start (see its output above)");
		}
		return new ServerProcess(process, replies, port, pid, webPort, key, token);
	}

	private static final String END = "\u0000end";

	/**
	 * Reads the server's output all the time (a full pipe would stop the server's logging):
	 * its replies go to the queue, anything else (log lines) to this process's error stream.
	 */
	private static void forward(Process process, BlockingQueue<String> replies) {
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = output.readLine()) != null) {
				if (line.startsWith("ready ") || line.startsWith("api-key=") || line.startsWith("bearer-token=") || line.startsWith("check ")
						|| line.startsWith("profile ")) {
					replies.add(line);
				}
				else {
					System.err.println("  server: " + line);
				}
			}
		}
		catch (IOException ex) {
			// The process ended.
		}
		replies.add(END);
	}

	private static String next(BlockingQueue<String> replies) {
		try {
			String line = replies.poll(180, TimeUnit.SECONDS);
			return (line != null) ? line : END;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return END;
		}
	}

	int port() {
		return this.port;
	}

	/** @return the HTTP port of the web configurations, or -1 */
	int webPort() {
		return this.webPort;
	}

	@Nullable String apiKey() {
		return this.apiKey;
	}

	@Nullable String bearerToken() {
		return this.bearerToken;
	}

	/** @return the server JVM's CPU time so far, in nanoseconds, or -1 */
	long cpuNanos() {
		return ProcessCpu.of(this.pid);
	}

	/**
	 * Checks the request log after a run.
	 * @param calls the calls the load generator completed
	 * @return the server's report, or {@code null} where it has no request log
	 */
	@Nullable String checkRequestLog(long calls) {
		this.commands.println("check " + calls);
		String report = reply("check ");
		return report.equals("-") ? null : report;
	}

	/**
	 * Starts profiling the server's CPU.
	 * @param directory where profiles go
	 */
	void startProfile(Path directory) {
		this.commands.println("profile-start " + directory.toAbsolutePath());
		reply("profile ");
	}

	/**
	 * Stops profiling and writes the flame graph.
	 * @param name the run's name
	 * @return the server's reply naming the flame graph
	 */
	String stopProfile(String name) {
		this.commands.println("profile-stop " + name);
		return reply("profile ");
	}

	/** Pins the server's threads to some cores ({@code taskset -c} syntax). */
	void pin(String cores) throws IOException, InterruptedException {
		Affinity.set(this.pid, cores);
	}

	private String reply(String prefix) {
		String line;
		while (!(line = next(this.replies)).equals(END)) {
			if (line.startsWith(prefix)) {
				return line.substring(prefix.length());
			}
		}
		throw new IllegalStateException("the server ended before answering");
	}

	@Override
	public void close() throws InterruptedException {
		this.commands.println("quit");
		if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
	}

}
