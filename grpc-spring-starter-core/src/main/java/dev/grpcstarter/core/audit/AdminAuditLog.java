package dev.grpcstarter.core.audit;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * Records administrative actions in {@code grpc_admin_audit} and reads them back.
 */
public final class AdminAuditLog {

	private static final RowMapper<AuditEntry> ROW = (rs, row) -> new AuditEntry(rs.getLong("id"),
			rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("actor"),
			rs.getString("action"), rs.getString("target_type"), rs.getString("target_id"), rs.getString("details"));

	private static final String SELECT = "select id, occurred_at, actor, action, target_type, target_id, details"
			+ " from grpc_admin_audit";

	private final JdbcTemplate jdbc;

	private final Clock clock;

	/**
	 * An audit log.
	 * @param jdbc the database
	 * @param clock the clock
	 */
	public AdminAuditLog(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Records an action.
	 * @param actor who
	 * @param action what
	 * @param targetType what kind of thing
	 * @param targetId which one
	 * @param details free text
	 */
	public void record(String actor, String action, String targetType, String targetId, @Nullable String details) {
		this.jdbc.update("insert into grpc_admin_audit (occurred_at, actor, action, target_type, target_id, details)"
				+ " values (?, ?, ?, ?, ?, ?)", OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC),
				truncate(actor, 150), action, targetType, targetId, (details != null) ? truncate(details, 1000) : null);
	}

	/**
	 * The latest actions.
	 * @param limit how many
	 * @return newest first
	 */
	public List<AuditEntry> latest(int limit) {
		return this.jdbc.query(SELECT + " order by id desc limit ?", ROW, limit);
	}

	/**
	 * The actions on one thing.
	 * @param targetType what kind
	 * @param targetId which one
	 * @return newest first
	 */
	public List<AuditEntry> of(String targetType, String targetId) {
		return this.jdbc.query(SELECT + " where target_type = ? and target_id = ? order by id desc", ROW, targetType,
				targetId);
	}

	private static String truncate(String text, int max) {
		return (text.length() <= max) ? text : text.substring(0, max);
	}

}
