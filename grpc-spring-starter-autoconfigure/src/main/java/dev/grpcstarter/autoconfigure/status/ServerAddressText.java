package dev.grpcstarter.autoconfigure.status;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

import com.google.common.net.InetAddresses;
import org.jspecify.annotations.Nullable;

/**
 * The address a server instance is recorded with, as the admin shows it before
 * {@code :port}: {@code 0.0.0.0} for every interface (IPv4 or IPv6 wildcard alike), an
 * IPv4 address as is, an IPv6 address in brackets ({@code [::1]}). The same text for the
 * configured address (STARTING) and the bound one (RUNNING).
 */
final class ServerAddressText {

	/** Every interface. */
	static final String ANY = "0.0.0.0";

	private ServerAddressText() {
	}

	/**
	 * The text of an address.
	 * @param address the configured or bound address
	 * @return its text
	 */
	static String of(InetAddress address) {
		return address.isAnyLocalAddress() ? ANY : InetAddresses.toUriString(address);
	}

	/**
	 * The text of the first network address a server listens on.
	 * @param listenSockets what {@code io.grpc.Server#getListenSockets()} returns
	 * @return its text, or {@code null} when the server listens on no network address
	 * (in-process only)
	 */
	static @Nullable String ofListenSockets(List<? extends SocketAddress> listenSockets) {
		for (SocketAddress socket : listenSockets) {
			if (socket instanceof InetSocketAddress inet && inet.getAddress() != null) {
				return of(inet.getAddress());
			}
		}
		return null;
	}

}
