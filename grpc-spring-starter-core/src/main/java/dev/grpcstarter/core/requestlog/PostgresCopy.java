package dev.grpcstarter.core.requestlog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes a batch to PostgreSQL with {@code COPY ... FROM STDIN}: one statement and one round
 * trip, many times faster than inserts, so the log keeps up with a busy server. Only used
 * when PostgreSQL's driver is on the class path and the database is PostgreSQL.
 *
 * <p>Rows go in PostgreSQL's binary format ({@link PostgresBinaryRows}): numbers and times
 * need no formatting here and no parsing in the database, which took about a quarter of
 * PostgreSQL's CPU per row with CSV. Text goes as UTF-8, the driver's client encoding, which
 * PostgreSQL converts to the database's encoding as it does for CSV. The columns and their
 * order are those of {@link RequestLogTable}. The rows are encoded as they are sent, through
 * one buffer kept from batch to batch.
 */
final class PostgresCopy {

	private static final String COPY = "COPY " + RequestLogTable.NAME + " (" + RequestLogTable.COLUMN_LIST
			+ ") FROM STDIN WITH (FORMAT binary)";

	/** The driver's own default for a COPY from a stream. */
	private static final int BUFFER_SIZE = 65_536;

	private final PostgresBinaryRows rows = new PostgresBinaryRows(BUFFER_SIZE, RequestLogTable.columnCount());

	static boolean isPostgres(Connection connection) throws SQLException {
		return connection.isWrapperFor(PGConnection.class);
	}

	/**
	 * Copies a batch in one statement.
	 * @param jdbc the database
	 * @param batch the rows
	 */
	synchronized void write(JdbcTemplate jdbc, List<RequestLogEntry> batch) {
		jdbc.execute((Connection connection) -> copy(
				connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY), batch, this.rows));
	}

	/**
	 * Sends a batch through a COPY that has begun, and ends it. A failure part way cancels
	 * the COPY, which otherwise leaves the connection unusable until it ends, and is thrown
	 * as it was, a failure to cancel added to it as suppressed.
	 * @param copy the COPY
	 * @param batch the rows
	 * @param rows the encoder
	 * @return the number of rows the database stored
	 * @throws SQLException when the database refuses the rows
	 */
	static long copy(CopyIn copy, List<RequestLogEntry> batch, PostgresBinaryRows rows) throws SQLException {
		try {
			RequestLogTable.binary(batch, rows, copy::writeToCopy);
			return copy.endCopy();
		}
		catch (SQLException | RuntimeException | Error ex) {
			rows.abandon();
			if (copy.isActive()) {
				try {
					copy.cancelCopy();
				}
				catch (SQLException | RuntimeException cancelFailure) {
					ex.addSuppressed(cancelFailure);
				}
			}
			throw ex;
		}
	}

}
