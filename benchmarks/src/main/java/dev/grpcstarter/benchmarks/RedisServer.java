package dev.grpcstarter.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A local {@code redis-server} (Debian's package) on a free port, without persistence, for
 * the configurations whose rate limits live in Redis.
 */
final class RedisServer implements AutoCloseable {

	private static final Path BINARY = Path.of("/usr/bin/redis-server");

	private final Process process;

	private final int port;

	private RedisServer(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	static RedisServer start() throws IOException, InterruptedException {
		if (!Files.isExecutable(BINARY)) {
			throw new IllegalStateException("redis-server is not installed (apt-get install -y redis-server)");
		}
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Process process = new ProcessBuilder(BINARY.toString(), "--port", String.valueOf(port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket("127.0.0.1", port)) {
				return new RedisServer(process, port);
			}
			catch (IOException ex) {
				Thread.sleep(50);
			}
		}
		process.destroy();
		throw new IllegalStateException("redis-server did not start on port " + port);
	}

	String url() {
		return "redis://127.0.0.1:" + this.port;
	}

	@Override
	public void close() {
		this.process.destroy();
	}

}
