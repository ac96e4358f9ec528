package dev.grpcstarter.core.call;

import io.grpc.Attributes;
import io.grpc.Metadata;
import org.jspecify.annotations.Nullable;

/**
 * What a web transport (gRPC-Web, HTTP/JSON) tells the pipeline about a call it hands to
 * the in-process server: the transport and the HTTP client's address, as request headers.
 * Those headers are believed only on streams of that in-process server, whose transport
 * carries {@link #BRIDGE_ATTRIBUTE}: the web transport strips them from what HTTP clients
 * send, and a native client sending them is ignored.
 */
public final class BridgedCall {

	/** Transport attribute set on the in-process server that serves web transports. */
	public static final Attributes.Key<Boolean> BRIDGE_ATTRIBUTE = Attributes.Key.create("grpcstarter-web-bridge");

	/** The transport the call arrived by ({@link CallTransport#columnValue()}). */
	public static final Metadata.Key<String> TRANSPORT_HEADER = Metadata.Key.of("grpcstarter-transport",
			Metadata.ASCII_STRING_MARSHALLER);

	/** The HTTP client's address, resolved by the web transport with the same trusted proxies. */
	public static final Metadata.Key<String> CLIENT_ADDRESS_HEADER = Metadata.Key.of("grpcstarter-client-address",
			Metadata.ASCII_STRING_MARSHALLER);

	/**
	 * A status the web transport decided before the call reached the pipeline (a malformed
	 * frame or body), as {@code CODE: description}: the bridge server closes the call with it,
	 * so the call still gets its one request-log row from the stream tracer.
	 */
	public static final Metadata.Key<String> REJECTION_HEADER = Metadata.Key.of("grpcstarter-rejection",
			Metadata.ASCII_STRING_MARSHALLER);

	private BridgedCall() {
	}

	/**
	 * Whether a stream came through the web bridge.
	 * @param transportAttributes the stream's transport attributes
	 * @return whether its bridge headers are to be believed
	 */
	public static boolean isBridged(@Nullable Attributes transportAttributes) {
		return transportAttributes != null && Boolean.TRUE.equals(transportAttributes.get(BRIDGE_ATTRIBUTE));
	}

	/**
	 * The transport of a call.
	 * @param transportAttributes the stream's transport attributes
	 * @param headers the call's headers
	 * @return the transport, {@link CallTransport#GRPC} unless the bridge says otherwise
	 */
	public static CallTransport transport(@Nullable Attributes transportAttributes, Metadata headers) {
		if (!isBridged(transportAttributes)) {
			return CallTransport.GRPC;
		}
		String value = headers.get(TRANSPORT_HEADER);
		try {
			return CallTransport.fromColumn(value);
		}
		catch (IllegalArgumentException ex) {
			return CallTransport.GRPC;
		}
	}

	/**
	 * Whether a header name is one of the bridge's own, which HTTP clients may not send.
	 * @param name the header name, lower case
	 * @return whether it is reserved
	 */
	public static boolean isReservedHeader(String name) {
		return name.startsWith("grpcstarter-");
	}

}
