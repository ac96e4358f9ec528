package dev.grpcstarter.core.requestlog;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Rows in PostgreSQL's binary {@code COPY} format: the header, then per row the field count
 * and each field as its length and bytes, then the trailer. Numbers and times need no
 * formatting here and no parsing in the database.
 *
 * <p>The rows are encoded into one fixed buffer that goes to a {@link Sink} (the COPY) each
 * time it fills, so no buffer is allocated or grown per batch; a new buffer per batch,
 * grown by copying, cost the writer thread about a quarter of its time in page faults,
 * zeroing and copies. Most columns repeat their value from row to row (instance, service, method,
 * status, client), so each text column keeps its last value's UTF-8 bytes and encodes again
 * only when the value changes (the request id, which changes every row, is encoded every
 * row). One instance serves one thread at a time.
 */
final class PostgresBinaryRows {

	/** Signature, flags and header extension length of the binary format. */
	private static final byte[] HEADER = { 'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0,
			0, 0, 0, 0 };

	/** 2000-01-01T00:00:00Z, where PostgreSQL's timestamps count from. */
	private static final long POSTGRES_EPOCH_SECOND = 946_684_800L;

	private static final VarHandle INT16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

	private static final VarHandle INT32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

	private static final VarHandle INT64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

	/** Room for the largest fixed-size field: its length and eight bytes. */
	private static final int LARGEST_FIXED_FIELD = 12;

	private final byte[] buffer;

	private final @Nullable String[] lastText;

	private final byte[][] lastUtf8;

	private int size;

	private @Nullable Sink sink;

	/**
	 * An encoder with no rows begun.
	 * @param bufferSize bytes encoded before they go to the sink, at least 64
	 * @param columns the number of columns; a text column's last value is remembered under
	 * its index
	 */
	PostgresBinaryRows(int bufferSize, int columns) {
		if (bufferSize < 64) {
			throw new IllegalArgumentException("bufferSize must be at least 64, was " + bufferSize);
		}
		this.buffer = new byte[bufferSize];
		this.lastText = new String[columns];
		this.lastUtf8 = new byte[columns][];
	}

	/**
	 * Starts a new set of rows: writes the header.
	 * @param sink where the encoded bytes go, in order
	 * @throws SQLException when the sink refuses the bytes
	 */
	void begin(Sink sink) throws SQLException {
		this.sink = sink;
		this.size = 0;
		bytes(HEADER);
	}

	/** Starts a row of the given number of fields. */
	void row(int fields) throws SQLException {
		room(2);
		INT16.set(this.buffer, this.size, (short) fields);
		this.size += 2;
	}

	/** Ends the rows: writes the trailer and hands everything left to the sink. */
	void end() throws SQLException {
		room(2);
		INT16.set(this.buffer, this.size, (short) -1);
		this.size += 2;
		flush();
		this.sink = null;
	}

	/** Forgets rows begun and not ended, and their sink, after a failure part way. */
	void abandon() {
		this.sink = null;
		this.size = 0;
	}

	/**
	 * A {@code text} field as UTF-8, the driver's client encoding, or null.
	 * @param column the column's index, under which its last value is remembered
	 * @param value the value
	 */
	void text(int column, @Nullable String value) throws SQLException {
		if (value == null) {
			nullField();
			return;
		}
		byte[] utf8 = this.lastUtf8[column];
		if (!value.equals(this.lastText[column])) {
			utf8 = value.getBytes(StandardCharsets.UTF_8);
			this.lastText[column] = value;
			this.lastUtf8[column] = utf8;
		}
		room(4);
		INT32.set(this.buffer, this.size, utf8.length);
		this.size += 4;
		bytes(utf8);
	}

	void nullField() throws SQLException {
		room(4);
		INT32.set(this.buffer, this.size, -1);
		this.size += 4;
	}

	/** An {@code integer} field. */
	void int4(int value) throws SQLException {
		room(LARGEST_FIXED_FIELD);
		INT32.set(this.buffer, this.size, 4);
		INT32.set(this.buffer, this.size + 4, value);
		this.size += 8;
	}

	/** A {@code bigint} field. */
	void int8(long value) throws SQLException {
		room(LARGEST_FIXED_FIELD);
		INT32.set(this.buffer, this.size, 8);
		INT64.set(this.buffer, this.size + 4, value);
		this.size += 12;
	}

	/** A {@code boolean} field. */
	void bool(boolean value) throws SQLException {
		room(LARGEST_FIXED_FIELD);
		INT32.set(this.buffer, this.size, 1);
		this.buffer[this.size + 4] = (byte) (value ? 1 : 0);
		this.size += 5;
	}

	/** A {@code timestamptz} field: microseconds since 2000-01-01 UTC. */
	void timestamptz(Instant instant) throws SQLException {
		int8(postgresMicros(instant));
	}

	static long postgresMicros(Instant instant) {
		return (instant.getEpochSecond() - POSTGRES_EPOCH_SECOND) * 1_000_000L + instant.getNano() / 1_000;
	}

	private void bytes(byte[] bytes) throws SQLException {
		if (bytes.length > this.buffer.length - this.size) {
			flush();
			if (bytes.length > this.buffer.length) {
				sink().write(bytes, 0, bytes.length);
				return;
			}
		}
		System.arraycopy(bytes, 0, this.buffer, this.size, bytes.length);
		this.size += bytes.length;
	}

	private void room(int more) throws SQLException {
		if (this.size + more > this.buffer.length) {
			flush();
		}
	}

	private void flush() throws SQLException {
		if (this.size > 0) {
			sink().write(this.buffer, 0, this.size);
			this.size = 0;
		}
	}

	private Sink sink() {
		Sink sink = this.sink;
		if (sink == null) {
			throw new IllegalStateException("rows not begun");
		}
		return sink;
	}

	/** Where encoded bytes go; it must be done with them when it returns. */
	@FunctionalInterface
	interface Sink {

		void write(byte[] bytes, int offset, int length) throws SQLException;

	}

}
