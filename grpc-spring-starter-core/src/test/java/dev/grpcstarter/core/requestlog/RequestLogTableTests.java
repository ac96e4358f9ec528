package dev.grpcstarter.core.requestlog;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The table description drives both write paths: the JDBC insert binds one value per
 * column, the binary COPY writes one field per column, and the two carry the same values in
 * the same order.
 */
class RequestLogTableTests {

	private static final RequestLogEntry FULL = new RequestLogEntry(null, "req-1", "instance-1", "values.v1.Values",
			"Full", "bidi-streaming", RequestStatus.ERROR, "INVALID_ARGUMENT", "Grüße, \"quoted\"", 1234, 77L, "üser",
			true, "2001:db8::1", "agent/1.0", 3, 4, 500, 600, Instant.parse("2001-02-03T04:05:06.789012Z"));

	private static final RequestLogEntry NULLS = new RequestLogEntry(null, "req-2", "instance-1", "values.v1.Values",
			"Nulls", "unary", RequestStatus.SUCCESS, "OK", null, 0, null, null, false, null, null, 0, 0, 0, 0,
			Instant.parse("2001-02-03T04:05:07Z"));

	@Test
	void whenTheColumnsAreListedThenTheInsertHasOnePlaceholderPerColumnAndRow() {
		int columns = RequestLogTable.columnCount();
		assertThat(RequestLogTable.COLUMN_LIST.split(", ")).hasSize(columns).doesNotHaveDuplicates();
		String sql = RequestLogTable.insertSql(3);
		assertThat(sql).startsWith("insert into grpc_request_log (" + RequestLogTable.COLUMN_LIST + ") values ");
		assertThat(sql.chars().filter((c) -> c == '?').count()).isEqualTo(3L * columns);
	}

	@Test
	void whenRowsAreBoundThenEveryPlaceholderGetsExactlyOneValueInOrder() throws Exception {
		List<Bound> bound = new ArrayList<>();
		PreparedStatement statement = recording(bound);
		int next = RequestLogTable.bind(statement, 1, FULL);
		next = RequestLogTable.bind(statement, next, NULLS);
		int columns = RequestLogTable.columnCount();
		assertThat(next).isEqualTo(2 * columns + 1);
		assertThat(bound).extracting(Bound::index)
			.containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 2 * columns).boxed().toList());
	}

	@Test
	void whenRowsAreCopiedThenEachRowHasOneFieldPerColumnCarryingTheBoundValue() throws Exception {
		List<Bound> bound = new ArrayList<>();
		PreparedStatement statement = recording(bound);
		RequestLogTable.bind(statement, RequestLogTable.bind(statement, 1, FULL), NULLS);
		ByteBuffer copy = ByteBuffer.wrap(binary(List.of(FULL, NULLS), 65_536));
		byte[] header = new byte[19];
		copy.get(header);
		assertThat(new String(header, 0, 6, StandardCharsets.US_ASCII)).isEqualTo("PGCOPY");
		int columns = RequestLogTable.columnCount();
		for (int row = 0; row < 2; row++) {
			assertThat(copy.getShort()).as("field count of row %d", row).isEqualTo((short) columns);
			for (int column = 0; column < columns; column++) {
				Bound value = bound.get(row * columns + column);
				assertThat(field(copy)).as("row %d, column %d (%s)", row, column, value.setter())
					.isEqualTo(expectedField(value));
			}
		}
		assertThat(copy.getShort()).as("trailer").isEqualTo((short) -1);
		assertThat(copy.hasRemaining()).isFalse();
	}

	@Test
	void whenTheRowsOutgrowTheBufferThenTheSinkReceivesTheSameBytesInPieces() throws Exception {
		String longMessage = "ä".repeat(100);
		RequestLogEntry longText = new RequestLogEntry(null, "req-3", "instance-1", "values.v1.Values", "Long",
				"unary", RequestStatus.ERROR, "INTERNAL", longMessage, 1, 2L, "user", true, "127.0.0.1", "agent/1.0",
				1, 1, 1, 1, Instant.parse("2001-02-03T04:05:08Z"));
		List<RequestLogEntry> batch = List.of(FULL, NULLS, longText, FULL, longText, NULLS);
		byte[] whole = binary(batch, 65_536);
		assertThat(binary(batch, 64)).isEqualTo(whole);
		assertThat(binary(batch, 97)).isEqualTo(whole);
	}

	@Test
	void whenAnEncoderIsReusedThenItsRememberedValuesDoNotLeakIntoOtherRows() throws Exception {
		PostgresBinaryRows rows = new PostgresBinaryRows(64, RequestLogTable.columnCount());
		assertThat(binary(rows, List.of(FULL, NULLS, FULL))).isEqualTo(binary(List.of(FULL, NULLS, FULL), 4096));
		assertThat(binary(rows, List.of(NULLS, FULL))).isEqualTo(binary(List.of(NULLS, FULL), 4096));
	}

	private static byte[] binary(List<RequestLogEntry> batch, int bufferSize) throws Exception {
		return binary(new PostgresBinaryRows(bufferSize, RequestLogTable.columnCount()), batch);
	}

	/** Encodes through the given encoder; every piece the sink gets is copied at once, as the COPY does. */
	private static byte[] binary(PostgresBinaryRows rows, List<RequestLogEntry> batch) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		RequestLogTable.binary(batch, rows, out::write);
		return out.toByteArray();
	}

	/** A field of the binary format: its bytes, or null for a NULL. */
	private static byte[] field(ByteBuffer copy) {
		int length = copy.getInt();
		if (length == -1) {
			return null;
		}
		byte[] bytes = new byte[length];
		copy.get(bytes);
		return bytes;
	}

	/** The binary field PostgreSQL expects for a value bound through JDBC. */
	private static byte[] expectedField(Bound bound) {
		Object value = bound.value();
		return switch (bound.setter()) {
			case "setNull" -> null;
			case "setString" -> (value != null) ? ((String) value).getBytes(StandardCharsets.UTF_8) : null;
			case "setLong" -> ByteBuffer.allocate(8).putLong((Long) value).array();
			case "setInt" -> ByteBuffer.allocate(4).putInt((Integer) value).array();
			case "setBoolean" -> new byte[] { (byte) (((Boolean) value) ? 1 : 0) };
			case "setObject" -> ByteBuffer.allocate(8)
				.putLong(PostgresBinaryRows.postgresMicros(((OffsetDateTime) value).toInstant()))
				.array();
			default -> throw new IllegalStateException("unexpected " + bound.setter());
		};
	}

	private static PreparedStatement recording(List<Bound> bound) {
		return (PreparedStatement) Proxy.newProxyInstance(RequestLogTableTests.class.getClassLoader(),
				new Class<?>[] { PreparedStatement.class }, (proxy, method, args) -> {
					if (method.getName().startsWith("set") && args != null && args.length >= 2
							&& args[0] instanceof Integer index) {
						bound.add(new Bound(index, method.getName(), method.getName().equals("setNull") ? null : args[1]));
						return null;
					}
					throw new UnsupportedOperationException(method.getName() + Arrays.toString(args));
				});
	}

	private record Bound(int index, String setter, Object value) {

	}

}
