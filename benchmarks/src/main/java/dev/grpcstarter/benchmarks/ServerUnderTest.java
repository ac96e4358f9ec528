package dev.grpcstarter.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.NewApiKey;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One configuration being measured: started fresh for each run, stopped after it.
 */
interface ServerUnderTest extends AutoCloseable {

	int port();

	/** @return the API key clients must send, or {@code null} */
	@Nullable String apiKey();

	/** @return the HTTP port of the web transports (gRPC-Web, HTTP/JSON), or -1 where there is none */
	default int webPort() {
		return -1;
	}

	/** @return a JWT bearer token the server accepts, or {@code null} where it checks none */
	default @Nullable String bearerToken() {
		return null;
	}

	/**
	 * Checks the request log after a run.
	 * @param calls the calls the load generator completed
	 * @return a report, or {@code null} when this configuration has no request log
	 */
	@Nullable String checkRequestLog(long calls);

	@Override
	void close();

	/**
	 * (A) bare grpc-java on shaded Netty, with server reflection like every configuration.
	 * @param port the port, 0 for any free one
	 * @return the server
	 */
	static ServerUnderTest bare(int port) {
		Server server;
		try {
			server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
				.addService(new EchoService())
				.addService(ProtoReflectionServiceV1.newInstance())
				.build()
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new ServerUnderTest() {
			@Override
			public int port() {
				return server.getPort();
			}

			@Override
			public @Nullable String apiKey() {
				return null;
			}

			@Override
			public @Nullable String checkRequestLog(long calls) {
				return null;
			}

			@Override
			public void close() {
				try {
					server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		};
	}

	/** (B) Spring Boot's gRPC server alone: none of the starter's auto-configuration. */
	static ServerUnderTest springBootAlone(int port) {
		return spring(Map.of("spring.autoconfigure.exclude", String.join(",", STARTER_AUTO_CONFIGURATIONS) + ","
				+ String.join(",", DATABASE_AUTO_CONFIGURATIONS) + "," + OBSERVATION), false, port);
	}

	/**
	 * (C) the starter with the full pipeline: a key on every call, every call logged, metrics.
	 * @param database the database
	 * @param observation whether Spring Boot's per-call observation is on
	 * @param port the port, 0 for any free one
	 * @param more further properties
	 * @param limitedKey whether the key has a rate limit (one calls never reach, so that
	 * every call pays for the check and none is refused)
	 * @param extras what the security and web configurations add
	 * @return the server
	 */
	static ServerUnderTest fullPipeline(BenchDatabase database, boolean observation, int port,
			Map<String, String> more, boolean limitedKey, Extras extras) {
		Map<String, String> properties = new LinkedHashMap<>(more);
		properties.put("spring.datasource.url", database.url());
		properties.put("spring.datasource.username", database.user());
		properties.put("grpc.auth.require-auth", "true");
		properties.put("grpc.request-log.enabled", "true");
		if (!observation) {
			// The starter's own meters stay; only Spring Boot's per-call gRPC observation goes.
			properties.put("spring.autoconfigure.exclude", OBSERVATION);
		}
		return spring(properties, limitedKey ? LIMITED_KEY : NewApiKey.of("benchmark", "bench"), port, extras);
	}

	/** (C without the request log) authentication and metrics only: what the request log costs is the difference to C. */
	static ServerUnderTest pipelineWithoutRequestLog(BenchDatabase database, boolean observation, int port) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", database.url());
		properties.put("grpc.auth.require-auth", "true");
		properties.put("grpc.request-log.enabled", "false");
		if (!observation) {
			properties.put("spring.autoconfigure.exclude", OBSERVATION);
		}
		return spring(properties, true, port);
	}

	/** (D) the starter with the pipeline off: no authentication, no request log. */
	static ServerUnderTest pipelineOff(BenchDatabase database, int port) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", database.url());
		properties.put("grpc.auth.enabled", "false");
		properties.put("grpc.request-log.enabled", "false");
		properties.put("grpc.server-status.enabled", "false");
		properties.put("spring.autoconfigure.exclude", OBSERVATION);
		return spring(properties, false, port);
	}

	List<String> STARTER_AUTO_CONFIGURATIONS = List.of("dev.grpcstarter.autoconfigure.auth.GrpcApiKeyAutoConfiguration",
			"dev.grpcstarter.autoconfigure.auth.GrpcAuthAutoConfiguration",
			"dev.grpcstarter.autoconfigure.call.GrpcClientAddressAutoConfiguration",
			"dev.grpcstarter.autoconfigure.error.GrpcErrorMappingAutoConfiguration",
			"dev.grpcstarter.autoconfigure.pipeline.GrpcReadOnlyTransactionAutoConfiguration",
			"dev.grpcstarter.autoconfigure.requestlog.GrpcRequestLogAutoConfiguration",
			"dev.grpcstarter.autoconfigure.requestlog.GrpcRequestLogHealthContributorAutoConfiguration",
			"dev.grpcstarter.autoconfigure.schema.GrpcStarterSchemaAutoConfiguration",
			"dev.grpcstarter.autoconfigure.server.GrpcReflectionV1AlphaAutoConfiguration",
			"dev.grpcstarter.autoconfigure.service.GrpcServicesAutoConfiguration",
			"dev.grpcstarter.autoconfigure.status.GrpcInstanceAutoConfiguration",
			"dev.grpcstarter.autoconfigure.status.GrpcServerHealthContributorAutoConfiguration",
			"dev.grpcstarter.autoconfigure.status.GrpcServerStatusAutoConfiguration",
			"dev.grpcstarter.autoconfigure.status.GrpcServicesEndpointAutoConfiguration");

	List<String> DATABASE_AUTO_CONFIGURATIONS = List.of(
			"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
			"org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration");

	String OBSERVATION = "org.springframework.boot.grpc.server.autoconfigure.GrpcServerObservationAutoConfiguration";

	/**
	 * What a configuration adds to the Spring application.
	 *
	 * @param webPort the HTTP port of a servlet web server (0 for any free one), -1 for none
	 * @param sources further configuration classes, by name: the security configuration's
	 * classes are on the class path of the security configurations only
	 * @param bearerToken whether to mint a JWT bearer token the server accepts
	 */
	record Extras(int webPort, List<String> sources, boolean bearerToken) {

		static final Extras NONE = new Extras(-1, List.of(), false);

		static Class<?> load(String name) {
			try {
				return Class.forName(name);
			}
			catch (ClassNotFoundException | NoClassDefFoundError ex) {
				throw new IllegalStateException(name + " needs Spring Security on the class path: run.sh adds "
						+ "benchmarks/target/classpath-security*.txt for the security configurations", ex);
			}
		}

	}

	/** The key of the rate-limited configurations: far above any load here, so never refused. */
	NewApiKey LIMITED_KEY = new NewApiKey("benchmark", null, "bench", List.of(), List.of(), null, 60_000_000, null);

	private static ServerUnderTest spring(Map<String, String> properties, boolean withKey, int port) {
		return spring(properties, withKey ? NewApiKey.of("benchmark", "bench") : null, port, Extras.NONE);
	}

	private static ServerUnderTest spring(Map<String, String> properties, @Nullable NewApiKey newKey, int port,
			Extras extras) {
		List<String> args = new ArrayList<>(List.of("--spring.grpc.server.port=" + port,
				"--spring.main.web-application-type=" + ((extras.webPort() >= 0) ? "servlet" : "none"),
				"--spring.main.banner-mode=off", "--logging.level.root=WARN", "--spring.jpa.hibernate.ddl-auto=validate",
				"--spring.grpc.server.shutdown.grace-period=0s"));
		if (extras.webPort() >= 0) {
			args.add("--server.port=" + extras.webPort());
			args.add("--server.address=127.0.0.1");
		}
		properties.forEach((name, value) -> args.add("--" + name + "=" + value));
		List<Class<?>> sources = new ArrayList<>(List.of(BenchApplication.class));
		for (String source : extras.sources()) {
			sources.add(Extras.load(source));
		}
		ConfigurableApplicationContext context = new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
			.run(args.toArray(String[]::new));
		String key = (newKey != null) ? context.getBean(ApiKeyService.class).create(newKey).rawKey() : null;
		String token = extras.bearerToken() ? BenchSecurity.token("benchmark", Duration.ofDays(7)) : null;
		int webPort = (context instanceof WebServerApplicationContext web) ? web.getWebServer().getPort() : -1;
		return new ServerUnderTest() {
			@Override
			public int port() {
				return context.getBean(GrpcServerLifecycle.class).getPort();
			}

			@Override
			public @Nullable String apiKey() {
				return key;
			}

			@Override
			public int webPort() {
				return webPort;
			}

			@Override
			public @Nullable String bearerToken() {
				return token;
			}

			@Override
			public @Nullable String checkRequestLog(long calls) {
				RequestLogWriter writer = context.getBeanProvider(RequestLogWriter.class).getIfAvailable();
				if (writer == null) {
					return null;
				}
				boolean idle = writer.awaitIdle(Duration.ofSeconds(60));
				long rows = context.getBean(JdbcTemplate.class)
					.queryForObject("select count(*) from grpc_request_log where service in ('bench.v1.BenchService', 'bench.v1.ValidatedService')",
							Long.class);
				RequestLogWriter.Counts counts = writer.counts();
				return ((rows == calls && counts.dropped() == 0) ? "OK " : "MISMATCH ") + rows + " rows for " + calls
						+ " calls, dropped " + counts.dropped() + ", calls slowed " + writer.slowedCalls()
						+ (idle ? "" : ", writer not idle");
			}

			@Override
			public void close() {
				context.close();
			}
		};
	}

}
