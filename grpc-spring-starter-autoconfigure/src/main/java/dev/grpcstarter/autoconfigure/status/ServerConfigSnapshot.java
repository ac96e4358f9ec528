package dev.grpcstarter.autoconfigure.status;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.grpcstarter.core.apikey.ApiKeyChangeNotifications;
import dev.grpcstarter.core.ratelimit.CallLimiter;
import dev.grpcstarter.core.status.RegisteredServicesJson;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.core.env.Environment;

/**
 * The configuration an operator wants to see for a server instance, taken once at startup.
 */
final class ServerConfigSnapshot {

	private final @Nullable String address;

	private final int configuredPort;

	private final String json;

	ServerConfigSnapshot(@Nullable GrpcServerProperties server, Environment environment,
			@Nullable CallLimiter limiter) {
		this(server, environment, limiter, null);
	}

	ServerConfigSnapshot(@Nullable GrpcServerProperties server, Environment environment,
			@Nullable CallLimiter limiter, @Nullable ApiKeyChangeNotifications keyChanges) {
		this.address = (server != null && server.getAddress() != null) ? ServerAddressText.of(server.getAddress()) : null;
		this.configuredPort = (server != null && server.getPort() != null) ? server.getPort()
				: environment.getProperty("spring.grpc.server.port", Integer.class, 0);
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("address", (this.address != null) ? this.address : ServerAddressText.ANY);
		values.put("port", this.configuredPort);
		values.put("reflection", environment.getProperty("spring.grpc.server.reflection.enabled", Boolean.class, true));
		values.put("health", environment.getProperty("spring.grpc.server.health.enabled", Boolean.class, true));
		values.put("maxInboundMessageSize", (server != null && server.getInbound().getMessage().getMaxSize() != null)
				? server.getInbound().getMessage().getMaxSize().toString() : "4MB (grpc-java default)");
		values.put("virtualThreads", environment.getProperty("spring.threads.virtual.enabled", Boolean.class, false));
		values.put("tls", server != null && isTls(server));
		values.put("authEnabled", environment.getProperty("grpc.auth.enabled", Boolean.class, true));
		values.put("requireAuth", environment.getProperty("grpc.auth.require-auth", Boolean.class, true));
		values.put("rateLimitEngine", (limiter != null) ? limiter.store().toString() : "none (no API-key authentication)");
		values.put("keyChangeNotifications", (keyChanges != null) ? keyChanges.description()
				: "none (no API-key authentication, or switched off)");
		values.put("requestLogEnabled", environment.getProperty("grpc.request-log.enabled", Boolean.class, true));
		values.put("starterVersion", version());
		values.put("springBootVersion", SpringBootVersion.getVersion());
		values.put("javaVersion", System.getProperty("java.version"));
		this.json = RegisteredServicesJson.object(values);
	}

	private static boolean isTls(GrpcServerProperties server) {
		Boolean enabled = server.getSsl().getEnabled();
		return (enabled != null) ? enabled : server.getSsl().getBundle() != null;
	}

	private static String version() {
		String version = ServerConfigSnapshot.class.getPackage().getImplementationVersion();
		return (version != null) ? version : "development";
	}

	@Nullable String address() {
		return this.address;
	}

	int configuredPort() {
		return this.configuredPort;
	}

	String json() {
		return this.json;
	}

}
