package dev.grpcstarter.core.status;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads and writes {@code grpc_server_instance}; every statement touches one instance's
 * row only, by its unique id, so instances sharing a database never write each other's
 * rows.
 */
public final class ServerInstanceStore {

	private static final String COLUMNS = "instance_id, hostname, address, port, pid, status, started_at,"
			+ " last_heartbeat, stopped_at, error_message, services, config";

	private final JdbcTemplate jdbc;

	/**
	 * A store.
	 * @param jdbc the database
	 */
	public ServerInstanceStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Writes the whole row of an instance, inserting it when it is missing (first write, or
	 * someone deleted it).
	 * @param row the row
	 */
	public void save(Row row) {
		int updated = this.jdbc.update("update grpc_server_instance set hostname = ?, address = ?, port = ?, pid = ?,"
				+ " status = ?, started_at = ?, last_heartbeat = ?, stopped_at = ?, error_message = ?, services = ?,"
				+ " config = ? where instance_id = ?", row.hostname(), row.address(), row.port(), row.pid(),
				row.status().name(), time(row.startedAt()), time(row.lastHeartbeat()), time(row.stoppedAt()),
				row.errorMessage(), row.servicesJson(), row.configJson(), row.instanceId());
		if (updated == 0) {
			this.jdbc.update("insert into grpc_server_instance (" + COLUMNS
					+ ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row.instanceId(), row.hostname(), row.address(),
					row.port(), row.pid(), row.status().name(), time(row.startedAt()), time(row.lastHeartbeat()),
					time(row.stoppedAt()), row.errorMessage(), row.servicesJson(), row.configJson());
		}
	}

	/**
	 * Moves the heartbeat of an instance.
	 * @param instanceId the instance
	 * @param now the time
	 * @return whether the row was there
	 */
	public boolean heartbeat(String instanceId, Instant now) {
		return this.jdbc.update("update grpc_server_instance set last_heartbeat = ? where instance_id = ?", time(now),
				instanceId) == 1;
	}

	/**
	 * One instance.
	 * @param instanceId the id
	 * @return the row
	 */
	public Optional<Row> find(String instanceId) {
		return this.jdbc.query("select " + COLUMNS + " from grpc_server_instance where instance_id = ?",
				ServerInstanceStore::map, instanceId).stream().findFirst();
	}

	/**
	 * Every instance, newest first.
	 * @return the rows
	 */
	public List<Row> findAll() {
		return this.jdbc.query("select " + COLUMNS + " from grpc_server_instance order by started_at desc, id desc",
				ServerInstanceStore::map);
	}

	/**
	 * Deletes stopped, failed and long-silent instances whose last sign of life is older
	 * than the cutoff.
	 * @param cutoff the cutoff
	 * @return the number of rows deleted
	 */
	public int purgeBefore(Instant cutoff) {
		return this.jdbc.update("delete from grpc_server_instance where last_heartbeat < ?", time(cutoff));
	}

	private static @Nullable OffsetDateTime time(@Nullable Instant instant) {
		return (instant != null) ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : null;
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static Row map(ResultSet rs, int row) throws SQLException {
		return new Row(rs.getString("instance_id"), rs.getString("hostname"), rs.getString("address"),
				rs.getInt("port"), rs.getLong("pid"), InstanceStatus.valueOf(rs.getString("status")),
				instant(rs, "started_at"), instant(rs, "last_heartbeat"), instant(rs, "stopped_at"),
				rs.getString("error_message"), rs.getString("services"), rs.getString("config"));
	}

	/**
	 * A stored row.
	 *
	 * @param instanceId the id
	 * @param hostname the host
	 * @param address the bound address
	 * @param port the port
	 * @param pid the process id
	 * @param status the stored status
	 * @param startedAt the start
	 * @param lastHeartbeat the last heartbeat
	 * @param stoppedAt the stop
	 * @param errorMessage the startup error
	 * @param servicesJson the registered services
	 * @param configJson the configuration snapshot
	 */
	public record Row(String instanceId, String hostname, @Nullable String address, int port, long pid,
			InstanceStatus status, Instant startedAt, Instant lastHeartbeat, @Nullable Instant stoppedAt,
			@Nullable String errorMessage, @Nullable String servicesJson, @Nullable String configJson) {

		Row with(InstanceStatus newStatus, Instant now) {
			return new Row(this.instanceId, this.hostname, this.address, this.port, this.pid, newStatus,
					this.startedAt, now, this.stoppedAt, this.errorMessage, this.servicesJson, this.configJson);
		}

	}

}
