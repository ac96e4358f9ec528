package dev.grpcstarter.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The configurations being compared, by name. One place knows them all: the runner, the
 * {@code serve} command and the chart.
 */
final class Configurations {

	static final List<String> NAMES = List.of("A", "B", "C-h2", "C-pg", "C-nolog", "D", "C-pg-rl-pg",
			"C-pg-rl-redis", "C-pg-security", "C-pg-security-jwt", "C-pg-validation", "C-pg-validation-off",
			"C-pg-http-json", "C-pg-grpc-web");

	private static final String OBSERVATION_SUFFIX = "+obs";

	private static final String SECURITY = "dev.grpcstarter.benchmarks.BenchSecurity";

	/** What each feature's cost is measured against: the configuration that differs by that feature only. */
	private static final Map<String, String> BASELINES = Map.of("C-pg-security", "C-pg", "C-pg-security-jwt", "C-pg",
			"C-pg-validation", "C-pg-validation-off", "C-pg-http-json", "C-pg", "C-pg-grpc-web", "C-pg",
			"C-pg-rl-pg", "C-pg", "C-pg-rl-redis", "C-pg");

	/** The budgets for what a feature may add to the server's CPU per call. */
	private static final Map<String, Budget> BUDGETS = Map.of("C-pg-validation", Budget.extra(1.0), "C-pg-http-json",
			Budget.ratio(2.0), "C-pg-grpc-web", Budget.ratio(1.5), "C-pg-rl-pg", Budget.extra(2.0), "C-pg-rl-redis",
			Budget.extra(2.0));

	private Configurations() {
	}

	/**
	 * @return the budget of a feature's configuration, or {@code null} where none is set
	 * @param configuration the configuration with the feature
	 */
	static @Nullable Budget budget(String configuration) {
		return BUDGETS.get(configuration);
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

	/** @return whether the server needs Spring Security on its class path */
	static boolean needsSecurity(String configuration) {
		return configuration.startsWith("C-pg-security");
	}

	/** @return how the load generator calls this configuration */
	static Call call(String configuration) {
		String name = configuration.replace(OBSERVATION_SUFFIX, "");
		return switch (name) {
			case "C-pg-security-jwt" -> Call.GRPC_BEARER;
			case "C-pg-validation", "C-pg-validation-off" -> Call.GRPC_BOOK;
			case "C-pg-http-json" -> Call.HTTP_JSON;
			case "C-pg-grpc-web" -> Call.GRPC_WEB;
			default -> Call.GRPC;
		};
	}

	/**
	 * @return the configuration a feature's cost is measured against, or {@code null}
	 * @param configuration the configuration with the feature
	 */
	static @Nullable String baseline(String configuration) {
		return BASELINES.get(configuration);
	}

	/**
	 * Starts a configuration; a {@code +obs} suffix on a C configuration adds Spring Boot's
	 * per-call Micrometer observation, which B, C and D otherwise all leave out alike.
	 * @param configuration the name
	 * @param database its database
	 * @param port the gRPC port, 0 for any free one
	 * @param webPort the HTTP port of the web configurations, 0 for any free one
	 * @param redis the Redis server of the configurations that need one, else {@code null}
	 * @return the running server
	 */
	static ServerUnderTest start(String configuration, BenchDatabase database, int port, int webPort,
			@Nullable RedisServer redis) {
		boolean observation = configuration.endsWith(OBSERVATION_SUFFIX);
		if (observation && !configuration.startsWith("C-")) {
			throw new IllegalArgumentException(OBSERVATION_SUFFIX + " only goes after a C configuration, got "
					+ configuration);
		}
		ServerUnderTest.Extras none = ServerUnderTest.Extras.NONE;
		return switch (configuration.replace(OBSERVATION_SUFFIX, "")) {
			case "A" -> ServerUnderTest.bare(port);
			case "B" -> ServerUnderTest.springBootAlone(port);
			case "C-h2", "C-pg" -> ServerUnderTest.fullPipeline(database, observation, port, Map.of(), false, none);
			case "C-pg-rl-pg" -> ServerUnderTest.fullPipeline(database, observation, port,
					Map.of("grpc.rate-limit.engine", "postgresql"), true, none);
			case "C-pg-rl-redis" -> ServerUnderTest.fullPipeline(database, observation, port,
					Map.of("grpc.rate-limit.engine", "redis", "spring.data.redis.url",
							Objects.requireNonNull(redis, "C-pg-rl-redis needs redis-server").url()),
					true, none);
			// The application's own gRPC security (JWT) with API keys joining it; called with a
			// key, or with a bearer token.
			case "C-pg-security", "C-pg-security-jwt" -> ServerUnderTest.fullPipeline(database, observation, port,
					Map.of(), false, new ServerUnderTest.Extras(-1, List.of(SECURITY), true));
			// Validation is on wherever protovalidate is on the class path (it is here); these
			// two differ by it alone, on the method whose request has rules.
			case "C-pg-validation" -> ServerUnderTest.fullPipeline(database, observation, port,
					Map.of("grpc.validation.enabled", "true"), false, none);
			case "C-pg-validation-off" -> ServerUnderTest.fullPipeline(database, observation, port,
					Map.of("grpc.validation.enabled", "false"), false, none);
			case "C-pg-http-json" -> ServerUnderTest.fullPipeline(database, observation, port,
					Map.of("grpc.web.http-json.enabled", "true"), false, new ServerUnderTest.Extras(webPort, List.of(), false));
			case "C-pg-grpc-web" -> ServerUnderTest.fullPipeline(database, observation, port,
					Map.of("grpc.web.grpc-web.enabled", "true"), false, new ServerUnderTest.Extras(webPort, List.of(), false));
			case "C-nolog" -> ServerUnderTest.pipelineWithoutRequestLog(database, observation, port);
			case "D" -> ServerUnderTest.pipelineOff(database, port);
			default -> throw new IllegalArgumentException("unknown configuration " + configuration + "; use one of "
					+ NAMES + ", and +obs after a C configuration");
		};
	}

	/**
	 * What a feature may add to the server's CPU per call over its baseline: microseconds, or
	 * a factor of the baseline's cost.
	 *
	 * @param maxExtraMicros the most it may add, or NaN
	 * @param maxRatio the most it may cost relative to the baseline, or NaN
	 */
	record Budget(double maxExtraMicros, double maxRatio) {

		static Budget extra(double micros) {
			return new Budget(micros, Double.NaN);
		}

		static Budget ratio(double ratio) {
			return new Budget(Double.NaN, ratio);
		}

		boolean met(double cost, double baseline) {
			return Double.isNaN(this.maxRatio) ? cost - baseline <= this.maxExtraMicros
					: cost <= baseline * this.maxRatio;
		}

		@Override
		public String toString() {
			return Double.isNaN(this.maxRatio) ? String.format(Locale.ROOT, "at most +%.1f us", this.maxExtraMicros)
					: String.format(Locale.ROOT, "at most %.2fx", this.maxRatio);
		}

	}

	/** How the load generator calls a configuration: the same echo, over different transports. */
	enum Call {

		/** Native gRPC, {@code bench.v1.BenchService/Unary} (or {@code Stream}), the key in {@code x-api-key}. */
		GRPC,

		/** Native gRPC, the same method, a JWT in {@code authorization: Bearer}. */
		GRPC_BEARER,

		/** Native gRPC, {@code bench.v1.ValidatedService/AddBook}: a request with validation rules. */
		GRPC_BOOK,

		/** HTTP/JSON on the web port: {@code POST /v1/unary} (or {@code /v1/stream}), JSON bodies. */
		HTTP_JSON,

		/** gRPC-Web (binary) on the web port: {@code POST /bench.v1.BenchService/Unary}. */
		GRPC_WEB;

		boolean web() {
			return this == HTTP_JSON || this == GRPC_WEB;
		}

	}

}
