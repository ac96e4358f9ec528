package dev.grpcstarter.autoconfigure.auth;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;

import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.CreatedApiKey;
import dev.grpcstarter.core.apikey.NewApiKey;
import dev.grpcstarter.core.audit.AdminAuditLog;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Creates the key described by {@code grpc.auth.create-key.*}, prints it once on standard
 * output (never to the log), records it in the admin audit log ("created by command
 * line"), and closes the application. The way to get the first key
 * before any admin UI exists:
 *
 * <pre>
 * java -jar app.jar --grpc.auth.create-key.name=first --grpc.auth.create-key.owner=alice
 * </pre>
 */
final class ApiKeyCreationRunner implements ApplicationRunner {

	private final ApiKeyService keys;

	private final GrpcAuthProperties.CreateKey settings;

	private final ConfigurableApplicationContext context;

	private final PrintStream out;

	private final AdminAuditLog audit;

	ApiKeyCreationRunner(ApiKeyService keys, GrpcAuthProperties.CreateKey settings,
			ConfigurableApplicationContext context, PrintStream out, AdminAuditLog audit) {
		this.keys = keys;
		this.audit = audit;
		this.settings = settings;
		this.context = context;
		this.out = out;
	}

	@Override
	public void run(ApplicationArguments args) {
		String name = this.settings.getName();
		if (name == null) {
			return;
		}
		Instant expiresAt = (this.settings.getExpiresIn() != null)
				? Clock.systemUTC().instant().plus(this.settings.getExpiresIn()) : null;
		CreatedApiKey created = this.keys.create(new NewApiKey(name, null, this.settings.getOwner(),
				this.settings.getAuthorities(), this.settings.getScopes(), expiresAt,
				this.settings.getRateLimitPerMinute(), "grpc.auth.create-key"));
		// The same target and action as a key created in the admin UI, so its key page lists it.
		this.audit.record("command line", "create", "api-key", String.valueOf(created.key().id()),
				"name=" + name + ", owner=" + created.key().getOwner() + ", created by command line");
		this.out.println();
		this.out.println("API key '" + name + "' created for owner '" + created.key().getOwner() + "' (id "
				+ created.key().id() + ", prefix " + created.key().getKeyPrefix() + ").");
		this.out.println("It is shown this once and stored only as a hash. Copy it now:");
		this.out.println();
		this.out.println(created.rawKey());
		this.out.println();
		this.out.flush();
		SpringApplication.exit(this.context, () -> 0);
	}

}
