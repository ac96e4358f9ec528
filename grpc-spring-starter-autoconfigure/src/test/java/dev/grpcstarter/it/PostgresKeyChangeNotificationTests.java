package dev.grpcstarter.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import dev.grpcstarter.core.apikey.ApiKeyFormat;
import dev.grpcstarter.core.apikey.CreatedApiKey;
import dev.grpcstarter.core.apikey.PostgresApiKeyChangeNotifications;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key changes notified through PostgreSQL's LISTEN/NOTIFY, chosen automatically on a
 * PostgreSQL database: the V9 trigger notifies, each instance listens on a connection of
 * its own.
 */
class PostgresKeyChangeNotificationTests extends AbstractKeyChangeNotificationTests {

	private String url;

	@Override
	List<String> engineProperties() {
		this.url = EmbeddedPostgres.newDatabase();
		return EmbeddedPostgres.datasourceProperties(this.url, Duration.ofSeconds(1));
	}

	@Override
	String expectedTransport() {
		return "PostgreSQL LISTEN/NOTIFY (channel grpc_api_key_changed)";
	}

	@Override
	void revokeUnnoticed(long keyId) {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			// Triggers do not fire for replicated changes: the revocation notifies nobody.
			statement.execute("set session_replication_role = replica");
			assertThat(statement.executeUpdate("update grpc_api_key set revoked_at = now() where id = " + keyId))
				.isOne();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	void cutNotificationConnections() {
		// OFFSET 0 keeps the planner from calling pg_terminate_backend before the filter.
		List<Boolean> terminated = jdbc().queryForList("select pg_terminate_backend(pid, 5000) from (select pid"
				+ " from pg_stat_activity where application_name = ? and datname = current_database() offset 0)"
				+ " listening", Boolean.class, PostgresApiKeyChangeNotifications.APPLICATION_NAME);
		assertThat(terminated).as("listening connections terminated").hasSize(this.instances.size())
			.containsOnly(true);
	}

	@Test
	void whenAKeyIsRevokedWithPlainSqlThenEveryInstanceRefusesItWithinOneSecond() {
		CreatedApiKey created = createKey("plain-sql");
		awaitAcceptedEverywhere(created.rawKey());
		long revokedAt = System.nanoTime();
		jdbc().update("update grpc_api_key set revoked_at = now() where id = ?", created.key().id());
		awaitRefusedEverywhere(created.rawKey(), Status.Code.UNAUTHENTICATED, "API key revoked", revokedAt);
	}

	@Test
	void whenOnlyTheUsageCountersChangeThenNothingIsNotified() throws SQLException {
		CreatedApiKey used = createKey("used");
		CreatedApiKey renamed = createKey("renamed");
		try (Connection listener = connect(); Statement statement = listener.createStatement()) {
			statement.execute("listen grpc_api_key_changed");
			try (Connection writer = connect();
					PreparedStatement usage = writer.prepareStatement("update grpc_api_key set request_count ="
							+ " request_count + 5, last_used_at = now() where id = ?");
					PreparedStatement rename = writer
						.prepareStatement("update grpc_api_key set name = name || ' (renamed)' where id = ?")) {
				usage.setLong(1, used.key().id());
				assertThat(usage.executeUpdate()).isOne();
				rename.setLong(1, renamed.key().id());
				assertThat(rename.executeUpdate()).isOne();
			}
			// Notifications come in commit order: one for the usage would come first.
			PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications(5000);
			assertThat(notifications).isNotEmpty();
			assertThat(notifications[0].getName()).isEqualTo(PostgresApiKeyChangeNotifications.CHANNEL);
			assertThat(notifications[0].getParameter()).isEqualTo(ApiKeyFormat.hash(renamed.rawKey()));
			assertThat(notifications).hasSize(1);
		}
	}

	private Connection connect() throws SQLException {
		return DriverManager.getConnection(this.url, "postgres", "");
	}

}
