package dev.grpcstarter.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The configurations being compared, by name. One place knows them all: the runner, the
 * {@code serve} command and the chart.
 */
final class Configurations {

	static final List<String> NAMES = List.of("A", "B", "C-h2", "C-pg", "C-nolog", "D", "C-pg-rl-pg",
			"C-pg-rl-redis");

	private static final String OBSERVATION_SUFFIX = "+obs";

	private Configurations() {
	}

	static boolean needsPostgres(String configuration) {
		return configuration.startsWith("C-pg");
	}

	/** @return whether the configuration checks API keys, so clients need the key it prints */
	static boolean hasKey(String configuration) {
		return configuration.startsWith("C-");
	}

	static boolean needsRedis(String configuration) {
		return configuration.startsWith("C-pg-rl-redis");
	}

	/**
	 * Starts a configuration; a {@code +obs} suffix on a C configuration adds Spring Boot's
	 * per-call Micrometer observation, which B, C and D otherwise all leave out alike.
	 * @param configuration the name
	 * @param database its database
	 * @param port the gRPC port, 0 for any free one
	 * @param redis the Redis server of the configurations that need one, else {@code null}
	 * @return the running server
	 */
	static ServerUnderTest start(String configuration, BenchDatabase database, int port,
			@Nullable RedisServer redis) {
		boolean observation = configuration.endsWith(OBSERVATION_SUFFIX);
		if (observation && !configuration.startsWith("C-")) {
			throw new IllegalArgumentException(OBSERVATION_SUFFIX + " only goes after a C configuration, got "
					+ configuration);
		}
		return switch (configuration.replace(OBSERVATION_SUFFIX, "")) {
			case "A" -> ServerUnderTest.bare(port);
			case "B" -> ServerUnderTest.springBootAlone(port);
			case "C-h2", "C-pg" -> ServerUnderTest.fullPipeline(database, observation, port, Map.of(), false);
			case "C-pg-rl-pg" -> ServerUnderTest.fullPipeline(database, observation, port,
					Map.of("grpc.rate-limit.engine", "postgresql"), true);
			case "C-pg-rl-redis" -> ServerUnderTest.fullPipeline(database, observation, port,
					Map.of("grpc.rate-limit.engine", "redis", "spring.data.redis.url",
							Objects.requireNonNull(redis, "C-pg-rl-redis needs redis-server").url()),
					true);
			case "C-nolog" -> ServerUnderTest.pipelineWithoutRequestLog(database, observation, port);
			case "D" -> ServerUnderTest.pipelineOff(database, port);
			default -> throw new IllegalArgumentException("unknown configuration " + configuration + "; use one of "
					+ NAMES + ", and +obs after a C configuration");
		};
	}

}
