package dev.grpcstarter.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} on a free loopback port, started by the test and stopped
 * with it. Without Redis installed the tests are skipped with a clear message, except on
 * CI ({@code CI=true}), where a missing Redis fails them; {@code .ci/run} installs it.
 */
public final class RedisServer implements AutoCloseable {

	private static final Path BINARY = Path.of(System.getProperty("redis.binary", "/usr/bin/redis-server"));

	private final Process process;

	private final int port;

	private RedisServer(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/**
	 * Starts a server without persistence and waits until it answers.
	 * @return the running server
	 */
	public static RedisServer start() {
		if (!Files.isExecutable(BINARY)) {
			String message = "redis-server (" + BINARY + ") is not installed: apt-get install -y redis-server";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				throw new IllegalStateException(message + " (CI=true: the Redis tests must run)");
			}
			Assumptions.abort("Redis tests skipped. " + message);
		}
		int port = freePort();
		try {
			Process process = new ProcessBuilder(List.of(BINARY.toString(), "--port", String.valueOf(port), "--bind",
					"127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes"))
				.redirectErrorStream(true)
				.redirectOutput(Path.of("target", "redis-" + port + ".log").toFile())
				.start();
			RedisServer server = new RedisServer(process, port);
			server.awaitPong(Duration.ofSeconds(15));
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** @return the port it listens on, on 127.0.0.1 */
	/**
	 * The properties that point an application at this server: Spring Data Redis switched
	 * back on (the test {@code application.properties} keeps it off for the other tests) and
	 * connected here.
	 * @return the properties, {@code name=value}
	 */
	public List<String> springProperties() {
		return List.of("spring.autoconfigure.exclude=", "spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + this.port);
	}

	public int port() {
		return this.port;
	}

	/**
	 * Sends one inline command and reads the first line of the reply.
	 * @param command the command, for example {@code CLIENT KILL TYPE pubsub}
	 * @return the reply's first line, for example {@code :1}
	 */
	public String command(String command) {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			StringBuilder reply = new StringBuilder();
			for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
				reply.append((char) c);
			}
			return reply.toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void awaitPong(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() - deadline < 0) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("redis-server exited with " + this.process.exitValue()
						+ "; see target/redis-" + this.port + ".log");
			}
			try (Socket socket = new Socket("127.0.0.1", this.port)) {
				OutputStream out = socket.getOutputStream();
				out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
				out.flush();
				InputStream in = socket.getInputStream();
				byte[] reply = new byte[7];
				int read = in.readNBytes(reply, 0, reply.length);
				if (new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG")) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		close();
		throw new IllegalStateException("redis-server did not answer PING within " + timeout);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(10),
					java.util.concurrent.TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
