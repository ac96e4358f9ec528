package dev.grpcstarter.core.call;

import org.jspecify.annotations.Nullable;

/**
 * How a call reached the server: native gRPC on the gRPC port, or one of the web
 * transports on the application's HTTP port, which dispatch into the same service
 * definitions and pipeline.
 */
public enum CallTransport {

	/** Native gRPC (HTTP/2) on the gRPC port. */
	GRPC("grpc"),

	/** gRPC-Web ({@code application/grpc-web*}) on the application's HTTP port. */
	GRPC_WEB("grpc-web"),

	/** HTTP/JSON transcoding ({@code google.api.http} routes or the generic route). */
	HTTP_JSON("http-json");

	private final String columnValue;

	CallTransport(String columnValue) {
		this.columnValue = columnValue;
	}

	/** @return the value stored in the request log's {@code transport} column */
	public String columnValue() {
		return this.columnValue;
	}

	/**
	 * The transport stored as the given column value.
	 * @param value the column value, {@code null} for rows written before the column existed
	 * @return the transport; {@link #GRPC} for {@code null}
	 * @throws IllegalArgumentException when the value names no transport
	 */
	public static CallTransport fromColumn(@Nullable String value) {
		if (value == null) {
			return GRPC;
		}
		for (CallTransport transport : values()) {
			if (transport.columnValue.equals(value)) {
				return transport;
			}
		}
		throw new IllegalArgumentException("unknown transport '" + value + "'");
	}

}
