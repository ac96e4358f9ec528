package dev.grpcstarter.core.requestlog;

import java.util.Locale;

import io.grpc.Status;

/**
 * How a call ended, as the request log files it.
 */
public enum RequestStatus {

	/** {@code OK}. */
	SUCCESS,

	/** Any code other than {@code OK}, {@code CANCELLED} and {@code DEADLINE_EXCEEDED}. */
	ERROR,

	/** {@code CANCELLED}: the client went away. */
	CANCELLED,

	/** {@code DEADLINE_EXCEEDED}. */
	TIMEOUT;

	/** Computed once: the request-log writer asks for it for every row. */
	private final String columnValue = name().toLowerCase(Locale.ROOT);

	/**
	 * The status of a gRPC code.
	 * @param code the code
	 * @return the status
	 */
	public static RequestStatus of(Status.Code code) {
		return switch (code) {
			case OK -> SUCCESS;
			case CANCELLED -> CANCELLED;
			case DEADLINE_EXCEEDED -> TIMEOUT;
			default -> ERROR;
		};
	}

	/** @return the value stored in the {@code status} column */
	public String columnValue() {
		return this.columnValue;
	}

	/**
	 * The status stored in a column.
	 * @param value the column value
	 * @return the status
	 */
	public static RequestStatus fromColumn(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
