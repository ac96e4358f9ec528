package dev.grpcstarter.core.call;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

import com.google.common.net.InetAddresses;
import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import org.jspecify.annotations.Nullable;

/**
 * The client address of a call: the transport's peer address, or, when the peer is one of
 * the configured trusted proxies, the right-most address of {@code X-Forwarded-For} that is
 * not itself a trusted proxy. A forwarded header from anyone else is ignored, so clients
 * cannot choose their own address.
 *
 * <p>Forwarded addresses are read as textual IP literals only ({@code 203.0.113.7},
 * {@code 2001:db8::7}), never through DNS: a hop that is anything else (a host name, a
 * short form such as {@code 1.2.3}, an out-of-range octet) ends the search and the peer
 * address counts.
 */
public final class ClientAddressResolver {

	static final Metadata.Key<String> FORWARDED_FOR = Metadata.Key.of("x-forwarded-for",
			Metadata.ASCII_STRING_MARSHALLER);

	private final List<Range> trusted;

	/**
	 * A resolver trusting the given proxies.
	 * @param trustedProxies IP addresses or CIDR ranges ({@code 10.0.0.0/8},
	 * {@code fd00::/8}); empty trusts none
	 * @throws IllegalArgumentException when an entry is not an IP address or range
	 */
	public ClientAddressResolver(List<String> trustedProxies) {
		List<Range> ranges = new ArrayList<>();
		for (String proxy : trustedProxies) {
			ranges.add(Range.parse(proxy.trim()));
		}
		this.trusted = List.copyOf(ranges);
	}

	/**
	 * The client address of a call.
	 * @param call the call
	 * @param headers its headers
	 * @return the address, or {@code null} when the transport has none
	 */
	public @Nullable String resolve(ServerCall<?, ?> call, Metadata headers) {
		return resolve(call.getAttributes(), headers);
	}

	/**
	 * The client address of a call, from its transport attributes: the peer address, or, on
	 * a stream of the web bridge ({@link BridgedCall}), the HTTP client's address the web
	 * transport resolved with this resolver.
	 * @param transportAttributes the stream's transport attributes
	 * @param headers the call's headers
	 * @return the address, or {@code null} when the transport has none
	 */
	public @Nullable String resolve(@Nullable Attributes transportAttributes, Metadata headers) {
		if (BridgedCall.isBridged(transportAttributes)) {
			String bridged = headers.get(BridgedCall.CLIENT_ADDRESS_HEADER);
			RequestContext request = RequestContext.current();
			if (request != null) {
				request.recordClientAddress(bridged);
			}
			return bridged;
		}
		return resolve((transportAttributes != null) ? transportAttributes.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR) : null,
				headers);
	}

	/**
	 * The client address of a call, from its transport's peer address.
	 * @param remote the peer address ({@link Grpc#TRANSPORT_ATTR_REMOTE_ADDR})
	 * @param headers the call's headers
	 * @return the address, or {@code null} when the transport has none
	 */
	public @Nullable String resolve(@Nullable SocketAddress remote, Metadata headers) {
		// Authentication and the request log both ask on every call: worked out once per call.
		RequestContext request = RequestContext.current();
		if (request != null && request.isClientAddressResolved()) {
			return request.clientAddress();
		}
		String address = resolveFromTransport(remote, headers);
		if (request != null) {
			request.recordClientAddress(address);
		}
		return address;
	}

	private @Nullable String resolveFromTransport(@Nullable SocketAddress remote, Metadata headers) {
		if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
			return (remote != null) ? remote.toString() : null;
		}
		InetAddress peer = inet.getAddress();
		if (this.trusted.isEmpty() || !isTrusted(peer)) {
			return peer.getHostAddress();
		}
		String forwarded = headers.get(FORWARDED_FOR);
		if (forwarded == null) {
			return peer.getHostAddress();
		}
		String[] hops = forwarded.split(",");
		for (int i = hops.length - 1; i >= 0; i--) {
			InetAddress hop = literal(hops[i].trim());
			if (hop == null) {
				break;
			}
			if (!isTrusted(hop)) {
				return hop.getHostAddress();
			}
		}
		return peer.getHostAddress();
	}

	private boolean isTrusted(InetAddress address) {
		for (Range range : this.trusted) {
			if (range.contains(address)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Parses an IP literal without ever asking DNS: {@code InetAddress.getByName} would
	 * look up anything it cannot parse ({@code 999.1.1.1}) and accepts the historical
	 * short forms ({@code 1.2.3} as {@code 1.2.0.3}); Guava's parser does neither.
	 */
	static @Nullable InetAddress literal(String text) {
		if (text.isEmpty()) {
			return null;
		}
		try {
			return InetAddresses.forString(text);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private record Range(byte[] network, int prefixLength) {

		static Range parse(String text) {
			int slash = text.indexOf('/');
			InetAddress address = literal((slash < 0) ? text : text.substring(0, slash));
			if (address == null) {
				throw new IllegalArgumentException("trusted proxy '" + text + "' is not an IP address or CIDR range");
			}
			int bits = address.getAddress().length * 8;
			int prefix = bits;
			if (slash >= 0) {
				try {
					prefix = Integer.parseInt(text.substring(slash + 1));
				}
				catch (NumberFormatException ex) {
					prefix = -1;
				}
				if (prefix < 0 || prefix > bits) {
					throw new IllegalArgumentException("trusted proxy '" + text + "' has an invalid prefix length");
				}
			}
			return new Range(address.getAddress(), prefix);
		}

		boolean contains(InetAddress address) {
			byte[] candidate = address.getAddress();
			if (candidate.length != this.network.length) {
				return false;
			}
			int full = this.prefixLength / 8;
			for (int i = 0; i < full; i++) {
				if (candidate[i] != this.network[i]) {
					return false;
				}
			}
			int rest = this.prefixLength % 8;
			if (rest == 0) {
				return true;
			}
			int mask = (0xFF << (8 - rest)) & 0xFF;
			return (candidate[full] & mask) == (this.network[full] & mask);
		}

	}

}
