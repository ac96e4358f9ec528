package dev.grpcstarter.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;

/**
 * One configuration alone in its own process, for the runner or any outside load tool
 * (h2load, ghz, a Python client):
 *
 * <pre>
 * benchmarks/run.sh serve C-pg --port 50099
 * api-key=gsk_...
 * ready port=50099 pid=12345
 * </pre>
 *
 * Its credentials come first ({@code api-key=} where keys are checked, {@code bearer-token=}
 * where JWTs are), then the {@code ready} line, which ends the start-up and names the web
 * port ({@code web-port=N}) of the web configurations ({@code --web-port N}, 0 for any free
 * one). Every configuration has server reflection, so tools find the method
 * ({@code bench.v1.BenchService/Unary}). Commands on standard input: {@code check N} prints
 * {@code check ...} (the request log against N completed calls); {@code profile-start DIR}
 * and {@code profile-stop NAME} profile this server's CPU with async-profiler and print
 * {@code profile ...}; {@code quit} or the end of input stops the server.
 */
public final class Serve {

	private Serve() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length == 0 || args[0].startsWith("--")) {
			throw new IllegalArgumentException("usage: serve CONFIG [--port N] [--web-port N] [--database-url URL --database-user U]; "
					+ "CONFIG is one of " + Configurations.NAMES);
		}
		String configuration = args[0];
		Map<String, String> options = Options.parse(args, 1);
		int port = Integer.parseInt(options.getOrDefault("port", "0"));
		int webPort = Integer.parseInt(options.getOrDefault("web-port", "0"));
		@Nullable EmbeddedPostgres ownPostgres = null;
		BenchDatabase database;
		if (options.containsKey("database-url")) {
			database = BenchDatabase.external(options.get("database-url"),
					options.getOrDefault("database-user", "postgres"));
		}
		else if (Configurations.needsPostgres(configuration)) {
			ownPostgres = EmbeddedPostgres.builder().start();
			database = BenchDatabase.of(configuration, ownPostgres);
		}
		else {
			database = BenchDatabase.of(configuration, null);
		}
		RedisServer redis = Configurations.needsRedis(configuration) ? RedisServer.start() : null;
		try (ServerUnderTest server = Configurations.start(configuration, database, port, webPort, redis)) {
			if (server.apiKey() != null) {
				System.out.println("api-key=" + server.apiKey());
			}
			if (server.bearerToken() != null) {
				System.out.println("bearer-token=" + server.bearerToken());
			}
			System.out.println("ready port=" + server.port() + " pid=" + ProcessHandle.current().pid()
					+ ((server.webPort() >= 0) ? " web-port=" + server.webPort() : ""));
			System.out.flush();
			BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			String command;
			MeasuredPhaseProfiler profiler = null;
			while ((command = commands.readLine()) != null && !command.equals("quit")) {
				if (command.startsWith("profile-start ")) {
					profiler = new MeasuredPhaseProfiler(Path.of(command.substring(14).trim()));
					profiler.start();
					System.out.println("profile started");
					System.out.flush();
				}
				else if (command.startsWith("profile-stop ") && profiler != null) {
					System.out.println("profile " + profiler.stop(command.substring(13).trim()));
					System.out.flush();
				}
				else if (command.startsWith("check ")) {
					String report = server.checkRequestLog(Long.parseLong(command.substring(6).trim()));
					System.out.println("check " + ((report != null) ? report : "-"));
					System.out.flush();
				}
			}
		}
		finally {
			if (redis != null) {
				redis.close();
			}
			database.close();
			if (ownPostgres != null) {
				ownPostgres.close();
			}
		}
		System.exit(0);
	}

}
