package dev.grpcstarter.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;

/**
 * A fresh database for one run: an in-memory H2 database that disappears with the server's
 * last connection, or a new PostgreSQL database that is dropped (and checkpointed away)
 * after the run, so no configuration pays for what an earlier one wrote.
 *
 * @param url the JDBC URL
 * @param user the user
 * @param postgres the PostgreSQL server holding the database, or {@code null} for H2
 * @param name the PostgreSQL database's name
 */
record BenchDatabase(String url, String user, @Nullable EmbeddedPostgres postgres, String name)
		implements AutoCloseable {

	static BenchDatabase of(String configuration, @Nullable EmbeddedPostgres postgres) {
		if (configuration.startsWith("C-pg")) {
			if (postgres == null) {
				throw new IllegalStateException("C-pg needs the embedded PostgreSQL server");
			}
			String name = "bench_" + UUID.randomUUID().toString().replace("-", "");
			execute(postgres, "create database " + name);
			return new BenchDatabase(postgres.getJdbcUrl("postgres", name), "postgres", postgres, name);
		}
		return new BenchDatabase("jdbc:h2:mem:bench-" + UUID.randomUUID(), "sa", null, "");
	}

	/**
	 * A database someone else made and keeps: used as it is, never dropped.
	 * @param url the JDBC URL
	 * @param user the user
	 * @return the database
	 */
	static BenchDatabase external(String url, String user) {
		return new BenchDatabase(url, user, null, "");
	}

	@Override
	public void close() {
		if (this.postgres != null) {
			execute(this.postgres, "drop database " + this.name + " with (force)");
			execute(this.postgres, "checkpoint");
		}
	}

	private static void execute(EmbeddedPostgres postgres, String sql) {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql + " failed", ex);
		}
	}

}
