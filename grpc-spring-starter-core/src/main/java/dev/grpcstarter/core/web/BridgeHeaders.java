package dev.grpcstarter.core.web;

import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.google.common.net.InetAddresses;
import dev.grpcstarter.core.call.BridgedCall;
import dev.grpcstarter.core.call.CallTransport;
import dev.grpcstarter.core.call.ClientAddressResolver;
import dev.grpcstarter.core.call.RequestContext;
import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Status;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * The gRPC headers of a web call: the HTTP request's headers as metadata (API key,
 * authorization, custom headers), the request id the call will have, the transport and the
 * HTTP client's address for the pipeline, and the deadline from {@code grpc-timeout}.
 */
final class BridgeHeaders {

	/** HTTP's own headers and those gRPC sets itself: never handed on. */
	private static final Set<String> NOT_HANDED_ON = Set.of("host", "connection", "keep-alive", "content-length",
			"content-type", "transfer-encoding", "te", "upgrade", "proxy-connection", "accept-encoding",
			"grpc-timeout", "grpc-encoding", "grpc-accept-encoding", "x-grpc-web", "x-request-id", "cookie", "origin",
			"access-control-request-method", "access-control-request-headers");

	private final Metadata metadata;

	private final String requestId;

	private final CallOptions options;

	private BridgeHeaders(Metadata metadata, String requestId, CallOptions options) {
		this.metadata = metadata;
		this.requestId = requestId;
		this.options = options;
	}

	static BridgeHeaders of(HttpServletRequest request, CallTransport transport, ClientAddressResolver addresses) {
		Metadata metadata = new Metadata();
		Enumeration<String> names = request.getHeaderNames();
		while (names.hasMoreElements()) {
			String name = names.nextElement().toLowerCase(Locale.ROOT);
			if (NOT_HANDED_ON.contains(name) || BridgedCall.isReservedHeader(name) || name.startsWith(":")
					|| !isMetadataKey(name)) {
				continue;
			}
			Enumeration<String> values = request.getHeaders(name);
			while (values.hasMoreElements()) {
				put(metadata, name, values.nextElement());
			}
		}
		String requestId = RequestContext.requestIdFor(request.getHeader("x-request-id"));
		metadata.put(RequestContext.REQUEST_ID_KEY, requestId);
		metadata.put(BridgedCall.TRANSPORT_HEADER, transport.columnValue());
		// The same trusted-proxy rules as on the gRPC port, applied to the HTTP connection.
		String address = addresses.resolve(Attributes.newBuilder()
			.set(Grpc.TRANSPORT_ATTR_REMOTE_ADDR, peer(request))
			.build(), metadata);
		if (address != null) {
			metadata.put(BridgedCall.CLIENT_ADDRESS_HEADER, address);
		}
		CallOptions options = CallOptions.DEFAULT;
		Long timeoutNanos = timeoutNanos(request.getHeader("grpc-timeout"));
		if (timeoutNanos != null) {
			options = options.withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS);
		}
		return new BridgeHeaders(metadata, requestId, options);
	}

	private static InetSocketAddress peer(HttpServletRequest request) {
		String address = request.getRemoteAddr();
		try {
			// Servlet containers give the peer as an IP literal: parsed, never looked up.
			return new InetSocketAddress(InetAddresses.forString(address), request.getRemotePort());
		}
		catch (IllegalArgumentException ex) {
			return InetSocketAddress.createUnresolved(String.valueOf(address), Math.max(request.getRemotePort(), 0));
		}
	}

	private static void put(Metadata metadata, String name, String value) {
		if (name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
			try {
				metadata.put(Metadata.Key.of(name, Metadata.BINARY_BYTE_MARSHALLER),
						Base64.getDecoder().decode(value.trim()));
			}
			catch (IllegalArgumentException ex) {
				// Not base64: dropped, as a native transport would refuse it.
			}
			return;
		}
		metadata.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value);
	}

	private static boolean isMetadataKey(String name) {
		if (name.isEmpty()) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')) {
				return false;
			}
		}
		return true;
	}

	/** {@code grpc-timeout}: up to eight digits and a unit (H, M, S, m, u, n). */
	static @Nullable Long timeoutNanos(@Nullable String header) {
		if (header == null || header.length() < 2 || header.length() > 9) {
			return null;
		}
		long value;
		try {
			value = Long.parseLong(header.substring(0, header.length() - 1));
		}
		catch (NumberFormatException ex) {
			return null;
		}
		if (value < 0) {
			return null;
		}
		return switch (header.charAt(header.length() - 1)) {
			case 'H' -> TimeUnit.HOURS.toNanos(value);
			case 'M' -> TimeUnit.MINUTES.toNanos(value);
			case 'S' -> TimeUnit.SECONDS.toNanos(value);
			case 'm' -> TimeUnit.MILLISECONDS.toNanos(value);
			case 'u' -> TimeUnit.MICROSECONDS.toNanos(value);
			case 'n' -> value;
			default -> null;
		};
	}

	/**
	 * The headers with the web transport's refusal, for a call that must end before the
	 * pipeline.
	 * @param code the status code
	 * @param description why
	 * @return the headers
	 */
	Metadata rejected(Status.Code code, String description) {
		Metadata rejected = new Metadata();
		rejected.merge(this.metadata);
		rejected.put(BridgedCall.REJECTION_HEADER, BridgeRejectionInterceptor.Rejection.encode(code, description));
		return rejected;
	}

	Metadata metadata() {
		return this.metadata;
	}

	String requestId() {
		return this.requestId;
	}

	CallOptions options() {
		return this.options;
	}

}
