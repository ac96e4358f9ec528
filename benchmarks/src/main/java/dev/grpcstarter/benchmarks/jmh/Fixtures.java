package dev.grpcstarter.benchmarks.jmh;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import dev.grpcstarter.core.apikey.ApiKeyFormat;
import dev.grpcstarter.core.apikey.VerifiedApiKey;
import dev.grpcstarter.core.auth.ApiKeyAuthenticator;
import dev.grpcstarter.core.auth.AuthorityLevels;
import dev.grpcstarter.core.auth.KeyLookupExecutor;
import dev.grpcstarter.core.auth.OwnerResolver;
import dev.grpcstarter.core.schema.GrpcStarterSchemaMigration;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Shared set-up: a valid key known to a lookup, an authenticator over it, an in-memory H2
 * database with the starter's tables.
 */
final class Fixtures {

	static final AuthorityLevels LEVELS = new AuthorityLevels("ROLE_STAFF", "ROLE_ADMIN");

	private Fixtures() {
	}

	static String validKey() {
		return new ApiKeyFormat().generate();
	}

	static ApiKeyAuthenticator authenticator(String validKey) {
		VerifiedApiKey stored = new VerifiedApiKey(1L, "bench", "bench", List.of("ROLE_STAFF"), List.of(), null, null,
				null);
		return new ApiKeyAuthenticator(
				(raw) -> raw.equals(validKey) ? Optional.of(stored) : Optional.empty(),
				OwnerResolver.fromStoredAuthorities(LEVELS), null, Duration.ofHours(1), Duration.ZERO,
				new KeyLookupExecutor(KeyLookupExecutor.circuitBreaker(50, 10, 5, Duration.ofSeconds(5)),
						Duration.ofSeconds(1), 1, 10),
				Clock.systemUTC());
	}

	static DataSource database() {
		DataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:jmh-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"sa", "");
		new GrpcStarterSchemaMigration(dataSource).migrate();
		return dataSource;
	}

}
