package dev.grpcstarter.benchmarks.jmh;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import dev.grpcstarter.core.ratelimit.Allowance;
import dev.grpcstarter.core.ratelimit.CallLimiter;
import dev.grpcstarter.core.ratelimit.CallLimits;
import dev.grpcstarter.core.ratelimit.LimitStore;
import dev.grpcstarter.core.ratelimit.RedisLimitStores;
import dev.grpcstarter.core.schema.GrpcStarterSchemaMigration;
import io.lettuce.core.RedisClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the rate limiter costs a call with a limited key (100,000 calls per minute, never
 * reached): in memory, and on PostgreSQL and Redis with the default local share (0.005:
 * about one round trip per 500 calls or per second) and with none (a round trip per call).
 * PostgreSQL (embedded) and Redis ({@code /usr/bin/redis-server}) run on this machine.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class RateLimitBenchmark {

	private static final CallLimits LIMITS = CallLimits.of(100_000, List.of(), null);

	@Param({ "memory", "postgresql", "postgresql-each-call", "redis", "redis-each-call" })
	public String engine;

	private EmbeddedPostgres postgres;

	private HikariDataSource dataSource;

	private Process redis;

	private RedisClient redisClient;

	private CallLimiter limiter;

	private long key;

	@Setup
	public void setUp() throws Exception {
		LimitStore.EngineConnection connection = new LimitStore.EngineConnection(Duration.ofSeconds(2), 4);
		CallLimiter.LocalShare share = this.engine.endsWith("each-call") ? CallLimiter.LocalShare.NONE
				: new CallLimiter.LocalShare(0.005, Duration.ofSeconds(1));
		LimitStore store;
		if (this.engine.startsWith("postgresql")) {
			this.postgres = EmbeddedPostgres.builder().start();
			this.dataSource = new HikariDataSource();
			this.dataSource.setJdbcUrl(this.postgres.getJdbcUrl("postgres", "postgres"));
			this.dataSource.setUsername("postgres");
			new GrpcStarterSchemaMigration(this.dataSource).migrate();
			store = LimitStore.postgresql(this.dataSource, connection);
		}
		else if (this.engine.startsWith("redis")) {
			int port = freePort();
			this.redis = startRedis(port);
			this.redisClient = RedisClient.create("redis://127.0.0.1:" + port);
			store = RedisLimitStores.create(this.redisClient, "bench:", connection);
		}
		else {
			store = LimitStore.memory();
		}
		this.limiter = new CallLimiter(store, share, Duration.ofSeconds(5));
	}

	@TearDown
	public void tearDown() throws Exception {
		this.limiter.close();
		if (this.dataSource != null) {
			this.dataSource.close();
			this.postgres.close();
		}
		if (this.redisClient != null) {
			this.redisClient.shutdown();
			this.redis.destroy();
		}
	}

	@Benchmark
	public Allowance tryAcquire() {
		// A fresh key now and then, so that the limit is never reached.
		long id = (this.key++ / 50_000) + 1;
		return this.limiter.tryAcquire(id, LIMITS, 0);
	}

	private static Process startRedis(int port) throws IOException, InterruptedException {
		Path binary = Path.of("/usr/bin/redis-server");
		if (!Files.isExecutable(binary)) {
			throw new IllegalStateException("redis-server is not installed (apt-get install -y redis-server);"
					+ " leave the Redis engines out with -p engine=memory,postgresql,postgresql-each-call");
		}
		Process process = new ProcessBuilder(binary.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
				"--save", "", "--appendonly", "no")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket("127.0.0.1", port)) {
				return process;
			}
			catch (IOException ex) {
				Thread.sleep(50);
			}
		}
		process.destroy();
		throw new IllegalStateException("redis-server did not start");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
