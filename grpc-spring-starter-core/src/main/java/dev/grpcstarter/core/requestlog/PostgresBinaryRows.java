package dev.grpcstarter.core.requestlog;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Rows in PostgreSQL's binary {@code COPY} format, in a growing big-endian byte buffer:
 * the header, then per row the field count and each field as its length and bytes, then
 * the trailer. Numbers and times need no formatting here and no parsing in the database.
 */
final class PostgresBinaryRows {

	/** Signature, flags and header extension length of the binary format. */
	private static final byte[] HEADER = { 'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0,
			0, 0, 0, 0 };

	/** 2000-01-01T00:00:00Z, where PostgreSQL's timestamps count from. */
	private static final long POSTGRES_EPOCH_SECOND = 946_684_800L;

	private byte[] buffer;

	private int size;

	/**
	 * Rows with the header written.
	 * @param initialCapacity bytes to start with
	 */
	PostgresBinaryRows(int initialCapacity) {
		this.buffer = new byte[initialCapacity];
		bytes(HEADER);
	}

	/** Starts a row of the given number of fields. */
	void row(int fields) {
		int16((short) fields);
	}

	/** Ends the rows; nothing may follow. */
	void end() {
		int16((short) -1);
	}

	InputStream asStream() {
		return new ByteArrayInputStream(this.buffer, 0, this.size);
	}

	/** @return the bytes written so far, a copy */
	byte[] toByteArray() {
		return Arrays.copyOf(this.buffer, this.size);
	}

	/** A {@code text} field as UTF-8, the driver's client encoding, or null. */
	void text(@Nullable String value) {
		if (value == null) {
			nullField();
			return;
		}
		byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
		int32(utf8.length);
		bytes(utf8);
	}

	void nullField() {
		int32(-1);
	}

	/** An {@code integer} field. */
	void int4(int value) {
		int32(4);
		int32(value);
	}

	/** A {@code bigint} field. */
	void int8(long value) {
		int32(8);
		int32((int) (value >>> 32));
		int32((int) value);
	}

	/** A {@code boolean} field. */
	void bool(boolean value) {
		int32(1);
		room(1);
		this.buffer[this.size++] = (byte) (value ? 1 : 0);
	}

	/** A {@code timestamptz} field: microseconds since 2000-01-01 UTC. */
	void timestamptz(Instant instant) {
		int8(postgresMicros(instant));
	}

	static long postgresMicros(Instant instant) {
		return (instant.getEpochSecond() - POSTGRES_EPOCH_SECOND) * 1_000_000L + instant.getNano() / 1_000;
	}

	private void int16(short value) {
		room(2);
		this.buffer[this.size++] = (byte) (value >>> 8);
		this.buffer[this.size++] = (byte) value;
	}

	private void int32(int value) {
		room(4);
		this.buffer[this.size++] = (byte) (value >>> 24);
		this.buffer[this.size++] = (byte) (value >>> 16);
		this.buffer[this.size++] = (byte) (value >>> 8);
		this.buffer[this.size++] = (byte) value;
	}

	private void bytes(byte[] bytes) {
		room(bytes.length);
		System.arraycopy(bytes, 0, this.buffer, this.size, bytes.length);
		this.size += bytes.length;
	}

	private void room(int more) {
		if (this.size + more > this.buffer.length) {
			this.buffer = Arrays.copyOf(this.buffer, Math.max(this.buffer.length * 2, this.size + more));
		}
	}

}
