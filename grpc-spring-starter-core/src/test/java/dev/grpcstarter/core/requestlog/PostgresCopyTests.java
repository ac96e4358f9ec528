package dev.grpcstarter.core.requestlog;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.postgresql.copy.CopyIn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How a COPY is ended or cancelled, against a stand-in for the driver's {@link CopyIn} that
 * records what it is asked and can fail a given write.
 */
class PostgresCopyTests {

	private static final List<RequestLogEntry> BATCH = IntStream.range(0, 20)
		.mapToObj((i) -> new RequestLogEntry(null, "req-" + i, "instance-1", "copy.v1.Copy", "Call", "unary",
				RequestStatus.SUCCESS, "OK", null, i, 7L, "user", true, "127.0.0.1", "agent/1.0", 1, 1, 10, 10,
				Instant.parse("2001-02-03T04:05:06Z").plusSeconds(i)))
		.toList();

	@Test
	void whenEveryWriteSucceedsThenTheCopyEndsWithTheEncodedRows() throws Exception {
		RecordingCopy copy = new RecordingCopy(0, null);
		assertThat(PostgresCopy.copy(copy.proxy(), BATCH, encoder())).isEqualTo(BATCH.size());
		assertThat(copy.calls).endsWith("endCopy").doesNotContain("cancelCopy");
		assertThat(copy.sent.toByteArray()).isEqualTo(fresh(BATCH));
	}

	@Test
	void whenAWriteFailsPartWayThenTheCopyIsCancelledAndThatFailureThrownAsItWas() throws Exception {
		SQLException failure = new SQLException("connection reset");
		RecordingCopy copy = new RecordingCopy(2, failure);
		PostgresBinaryRows rows = encoder();
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> PostgresCopy.copy(copy.proxy(), BATCH, rows))
			.isSameAs(failure)
			.satisfies((ex) -> assertThat(ex.getSuppressed()).isEmpty());
		assertThat(copy.calls).containsOnlyOnce("cancelCopy").doesNotContain("endCopy");
		RecordingCopy next = new RecordingCopy(0, null);
		PostgresCopy.copy(next.proxy(), BATCH, rows);
		assertThat(next.sent.toByteArray()).as("the next batch through the same encoder").isEqualTo(fresh(BATCH));
	}

	@Test
	void whenCancellingFailsTooThenTheFirstFailureIsThrownWithTheOtherSuppressed() {
		SQLException failure = new SQLException("connection reset");
		RecordingCopy copy = new RecordingCopy(1, failure);
		copy.cancelFailure = new SQLException("cannot cancel");
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> PostgresCopy.copy(copy.proxy(), BATCH, encoder()))
			.isSameAs(failure)
			.satisfies((ex) -> assertThat(ex.getSuppressed()).containsExactly(copy.cancelFailure));
	}

	/** A small buffer, so the batch goes out in many writes. */
	private static PostgresBinaryRows encoder() {
		return new PostgresBinaryRows(64, RequestLogTable.columnCount());
	}

	private static byte[] fresh(List<RequestLogEntry> batch) throws SQLException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		RequestLogTable.binary(batch, new PostgresBinaryRows(65_536, RequestLogTable.columnCount()), out::write);
		return out.toByteArray();
	}

	/** Records the calls; the write numbered {@code failingWrite} (from 1; 0 for none) throws. */
	private static final class RecordingCopy {

		private final int failingWrite;

		private final SQLException failure;

		private final ByteArrayOutputStream sent = new ByteArrayOutputStream();

		private final List<String> calls = new ArrayList<>();

		private SQLException cancelFailure;

		private boolean active = true;

		private int writes;

		RecordingCopy(int failingWrite, SQLException failure) {
			this.failingWrite = failingWrite;
			this.failure = failure;
		}

		CopyIn proxy() {
			return (CopyIn) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { CopyIn.class },
					(proxy, method, args) -> {
						this.calls.add(method.getName());
						switch (method.getName()) {
							case "writeToCopy" -> {
								if (++this.writes == this.failingWrite) {
									throw this.failure;
								}
								this.sent.write((byte[]) args[0], (int) args[1], (int) args[2]);
								return null;
							}
							case "endCopy" -> {
								this.active = false;
								return (long) BATCH.size();
							}
							case "cancelCopy" -> {
								this.active = false;
								if (this.cancelFailure != null) {
									throw this.cancelFailure;
								}
								return null;
							}
							case "isActive" -> {
								return this.active;
							}
							default -> throw new UnsupportedOperationException(method.getName() + Arrays.toString(args));
						}
					});
		}

	}

}
