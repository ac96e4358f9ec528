package dev.grpcstarter.core.requestlog;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The columns of {@code grpc_request_log} the writer fills, each with its name, its value
 * in a {@link RequestLogEntry} and its type, listed once: the JDBC multi-row insert and
 * PostgreSQL's binary {@code COPY} ({@link PostgresCopy}) are both driven by this list, so
 * they cannot disagree on the order or the number of columns.
 */
final class RequestLogTable {

	static final String NAME = "grpc_request_log";

	private static final Column[] COLUMNS = {
			new Text("request_id", RequestLogEntry::requestId),
			new Text("instance_id", RequestLogEntry::instanceId),
			new Text("service", RequestLogEntry::service),
			new Text("method", RequestLogEntry::method),
			new Text("call_type", RequestLogEntry::callType),
			new Text("status", (entry) -> entry.status().columnValue()),
			new Text("grpc_code", RequestLogEntry::grpcCode),
			new Text("error_message", RequestLogEntry::errorMessage),
			new Int8("duration_us", RequestLogEntry::durationMicros),
			new NullableInt8("api_key_id", RequestLogEntry::apiKeyId),
			new Text("principal", RequestLogEntry::principal),
			new Bool("authenticated", RequestLogEntry::authenticated),
			new Text("auth_mechanism", RequestLogEntry::authMechanism),
			new Text("client_ip", RequestLogEntry::clientIp),
			new Text("user_agent", RequestLogEntry::userAgent),
			new Int4("messages_in", RequestLogEntry::messagesIn),
			new Int4("messages_out", RequestLogEntry::messagesOut),
			new Int8("bytes_in", RequestLogEntry::bytesIn),
			new Int8("bytes_out", RequestLogEntry::bytesOut),
			new Timestamp("started_at", RequestLogEntry::startedAt),
			new Int8("calls", RequestLogEntry::calls),
			new Text("transport", (entry) -> entry.transport().columnValue()),
			new Text("trace_id", RequestLogEntry::traceId),
			new Text("span_id", RequestLogEntry::spanId),
			new Text("explorer_user", RequestLogEntry::explorerUser) };

	/** The column names, comma-separated, in order. */
	static final String COLUMN_LIST = Arrays.stream(COLUMNS).map(Column::name).collect(Collectors.joining(", "));

	private static final String ROW_PLACEHOLDERS = "(" + "?,".repeat(COLUMNS.length - 1) + "?)";

	/** Started at, request id and instance id identify a row (see {@link RequestLogEntry}). */
	private static final String COUNT_ROW = "select count(*) from " + NAME
			+ " where started_at = ? and request_id = ? and instance_id = ?";

	private RequestLogTable() {
	}

	/** @return the number of columns written per row */
	static int columnCount() {
		return COLUMNS.length;
	}

	/**
	 * Inserts a batch with one multi-row {@code INSERT}: one statement, one round trip.
	 * @param jdbc the database
	 * @param batch the rows
	 */
	static void insert(JdbcTemplate jdbc, List<RequestLogEntry> batch) {
		jdbc.update(insertSql(batch.size()), (statement) -> {
			int index = 1;
			for (RequestLogEntry entry : batch) {
				index = bind(statement, index, entry);
			}
		});
	}

	static String insertSql(int rows) {
		StringBuilder sql = new StringBuilder("insert into ").append(NAME)
			.append(" (")
			.append(COLUMN_LIST)
			.append(") values ");
		for (int i = 0; i < rows; i++) {
			sql.append((i > 0) ? "," : "").append(ROW_PLACEHOLDERS);
		}
		return sql.toString();
	}

	/**
	 * Binds one row's values.
	 * @param statement the insert
	 * @param start the index of the row's first value
	 * @param entry the row
	 * @return the index of the next row's first value
	 * @throws SQLException when the driver refuses a value
	 */
	static int bind(PreparedStatement statement, int start, RequestLogEntry entry) throws SQLException {
		int index = start;
		for (Column column : COLUMNS) {
			column.bind(statement, index++, entry);
		}
		return index;
	}

	/**
	 * Encodes a batch in PostgreSQL's binary {@code COPY} format.
	 * @param batch the rows
	 * @param out the encoder
	 * @param sink where the encoded bytes go, header and trailer included
	 * @throws SQLException when the sink refuses the bytes
	 */
	static void binary(List<RequestLogEntry> batch, PostgresBinaryRows out, PostgresBinaryRows.Sink sink)
			throws SQLException {
		out.begin(sink);
		for (RequestLogEntry entry : batch) {
			out.row(COLUMNS.length);
			for (int column = 0; column < COLUMNS.length; column++) {
				COLUMNS[column].write(out, column, entry);
			}
		}
		out.end();
	}

	/**
	 * Whether a row is in the table, for instance after an attempt that failed but may have
	 * committed.
	 * @param jdbc the database
	 * @param entry the row
	 * @return whether it is there
	 */
	static boolean contains(JdbcTemplate jdbc, RequestLogEntry entry) {
		Long found = jdbc.queryForObject(COUNT_ROW, Long.class, timestamp(entry.startedAt()), entry.requestId(),
				entry.instanceId());
		return found != null && found > 0;
	}

	private static OffsetDateTime timestamp(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	/**
	 * One column: its name, and its value of a row as a JDBC parameter and as a binary COPY
	 * field. A class rather than an interface: the writer calls it for every field of every
	 * row, and a virtual call costs less than an interface call at a call site that sees
	 * every kind of column.
	 */
	private abstract static sealed class Column permits Text, Int4, Int8, NullableInt8, Bool, Timestamp {

		private final String name;

		Column(String name) {
			this.name = name;
		}

		final String name() {
			return this.name;
		}

		abstract void bind(PreparedStatement statement, int index, RequestLogEntry entry) throws SQLException;

		abstract void write(PostgresBinaryRows out, int column, RequestLogEntry entry) throws SQLException;

	}

	private static final class Text extends Column {

		private final Function<RequestLogEntry, @Nullable String> value;

		Text(String name, Function<RequestLogEntry, @Nullable String> value) {
			super(name);
			this.value = value;
		}

		@Override
		void bind(PreparedStatement statement, int index, RequestLogEntry entry) throws SQLException {
			statement.setString(index, this.value.apply(entry));
		}

		@Override
		void write(PostgresBinaryRows out, int column, RequestLogEntry entry) throws SQLException {
			out.text(column, this.value.apply(entry));
		}

	}

	private static final class Int4 extends Column {

		private final ToIntFunction<RequestLogEntry> value;

		Int4(String name, ToIntFunction<RequestLogEntry> value) {
			super(name);
			this.value = value;
		}

		@Override
		void bind(PreparedStatement statement, int index, RequestLogEntry entry) throws SQLException {
			statement.setInt(index, this.value.applyAsInt(entry));
		}

		@Override
		void write(PostgresBinaryRows out, int column, RequestLogEntry entry) throws SQLException {
			out.int4(this.value.applyAsInt(entry));
		}

	}

	private static final class Int8 extends Column {

		private final ToLongFunction<RequestLogEntry> value;

		Int8(String name, ToLongFunction<RequestLogEntry> value) {
			super(name);
			this.value = value;
		}

		@Override
		void bind(PreparedStatement statement, int index, RequestLogEntry entry) throws SQLException {
			statement.setLong(index, this.value.applyAsLong(entry));
		}

		@Override
		void write(PostgresBinaryRows out, int column, RequestLogEntry entry) throws SQLException {
			out.int8(this.value.applyAsLong(entry));
		}

	}

	private static final class NullableInt8 extends Column {

		private final Function<RequestLogEntry, @Nullable Long> value;

		NullableInt8(String name, Function<RequestLogEntry, @Nullable Long> value) {
			super(name);
			this.value = value;
		}

		@Override
		void bind(PreparedStatement statement, int index, RequestLogEntry entry) throws SQLException {
			Long value = this.value.apply(entry);
			if (value != null) {
				statement.setLong(index, value);
			}
			else {
				statement.setNull(index, Types.BIGINT);
			}
		}

		@Override
		void write(PostgresBinaryRows out, int column, RequestLogEntry entry) throws SQLException {
			Long value = this.value.apply(entry);
			if (value != null) {
				out.int8(value);
			}
			else {
				out.nullField();
			}
		}

	}

	private static final class Bool extends Column {

		private final Predicate<RequestLogEntry> value;

		Bool(String name, Predicate<RequestLogEntry> value) {
			super(name);
			this.value = value;
		}

		@Override
		void bind(PreparedStatement statement, int index, RequestLogEntry entry) throws SQLException {
			statement.setBoolean(index, this.value.test(entry));
		}

		@Override
		void write(PostgresBinaryRows out, int column, RequestLogEntry entry) throws SQLException {
			out.bool(this.value.test(entry));
		}

	}

	private static final class Timestamp extends Column {

		private final Function<RequestLogEntry, Instant> value;

		Timestamp(String name, Function<RequestLogEntry, Instant> value) {
			super(name);
			this.value = value;
		}

		@Override
		void bind(PreparedStatement statement, int index, RequestLogEntry entry) throws SQLException {
			statement.setObject(index, timestamp(this.value.apply(entry)));
		}

		@Override
		void write(PostgresBinaryRows out, int column, RequestLogEntry entry) throws SQLException {
			out.timestamptz(this.value.apply(entry));
		}

	}

}
