package dev.grpcstarter.core.requestlog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.grpcstarter.core.call.CallTransport;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * Finds request-log rows, newest first, with stable keyset paging: a page ends with the id
 * to continue before, so rows written meanwhile never shift or repeat a page.
 */
public final class RequestLogSearch {

	private static final RowMapper<RequestLogEntry> ROW = RequestLogSearch::map;

	private final JdbcTemplate jdbc;

	/**
	 * A search on the given database.
	 * @param jdbc the database holding {@code grpc_request_log}
	 */
	public RequestLogSearch(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * One page of matching rows.
	 * @param filter which rows
	 * @param beforeId continue before this id, {@code null} for the first page
	 * @param limit rows per page, 1 to 500
	 * @return the page
	 */
	public RequestLogPage find(RequestLogFilter filter, @Nullable Long beforeId, int limit) {
		if (limit < 1 || limit > 500) {
			throw new IllegalArgumentException("limit must be between 1 and 500");
		}
		StringBuilder sql = new StringBuilder("select id, ").append(RequestLogTable.COLUMN_LIST)
			.append(" from grpc_request_log where 1 = 1");
		List<Object> parameters = new ArrayList<>();
		condition(sql, parameters, " and id < ?", beforeId);
		condition(sql, parameters, " and started_at >= ?",
				(filter.from() != null) ? OffsetDateTime.ofInstant(filter.from(), ZoneOffset.UTC) : null);
		condition(sql, parameters, " and started_at < ?",
				(filter.to() != null) ? OffsetDateTime.ofInstant(filter.to(), ZoneOffset.UTC) : null);
		condition(sql, parameters, " and service = ?", blankToNull(filter.service()));
		condition(sql, parameters, " and method = ?", blankToNull(filter.method()));
		condition(sql, parameters, " and status = ?",
				(filter.status() != null) ? filter.status().columnValue() : null);
		condition(sql, parameters, " and grpc_code = ?", blankToNull(filter.grpcCode()));
		condition(sql, parameters, " and api_key_id = ?", filter.apiKeyId());
		condition(sql, parameters, " and principal = ?", blankToNull(filter.principal()));
		condition(sql, parameters, " and transport = ?",
				(filter.transport() != null) ? filter.transport().columnValue() : null);
		condition(sql, parameters, " and duration_us >= ?",
				(filter.minDuration() != null) ? filter.minDuration().toNanos() / 1000 : null);
		sql.append(" order by id desc limit ?");
		parameters.add(limit + 1);
		List<RequestLogEntry> rows = this.jdbc.query(sql.toString(), ROW, parameters.toArray());
		boolean more = rows.size() > limit;
		List<RequestLogEntry> page = more ? rows.subList(0, limit) : rows;
		Long next = more ? page.get(page.size() - 1).id() : null;
		return new RequestLogPage(List.copyOf(page), next);
	}

	/**
	 * One row.
	 * @param id the row id
	 * @return the row, if there is one
	 */
	public Optional<RequestLogEntry> findById(long id) {
		return this.jdbc
			.query("select id, " + RequestLogTable.COLUMN_LIST + " from grpc_request_log where id = ?", ROW, id)
			.stream()
			.findFirst();
	}

	private static void condition(StringBuilder sql, List<Object> parameters, String clause,
			@Nullable Object value) {
		if (value != null) {
			sql.append(clause);
			parameters.add(value);
		}
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

	private static RequestLogEntry map(ResultSet rs, int row) throws SQLException {
		long apiKeyId = rs.getLong("api_key_id");
		Long key = rs.wasNull() ? null : apiKeyId;
		return new RequestLogEntry(rs.getLong("id"), rs.getString("request_id"), rs.getString("instance_id"),
				rs.getString("service"), rs.getString("method"), rs.getString("call_type"),
				RequestStatus.fromColumn(rs.getString("status")), rs.getString("grpc_code"),
				rs.getString("error_message"), rs.getLong("duration_us"), key, rs.getString("principal"),
				rs.getBoolean("authenticated"), rs.getString("auth_mechanism"), rs.getString("client_ip"),
				rs.getString("user_agent"),
				rs.getInt("messages_in"), rs.getInt("messages_out"), rs.getLong("bytes_in"), rs.getLong("bytes_out"),
				rs.getObject("started_at", OffsetDateTime.class).toInstant(), rs.getLong("calls"),
				CallTransport.fromColumn(rs.getString("transport")), rs.getString("trace_id"), rs.getString("span_id"),
				rs.getString("explorer_user"));
	}

	/**
	 * A page of rows.
	 *
	 * @param rows the rows, newest first
	 * @param nextBeforeId pass as {@code beforeId} for the next page; {@code null} on the
	 * last page
	 */
	public record RequestLogPage(List<RequestLogEntry> rows, @Nullable Long nextBeforeId) {

	}

}
