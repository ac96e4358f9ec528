package dev.grpcstarter.autoconfigure.status;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

import io.grpc.inprocess.InProcessSocketAddress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerAddressTextTests {

	@Test
	void whenTheServerListensOnTheIpv6WildcardThenTheAddressIsEveryInterface() {
		assertThat(ServerAddressText.ofListenSockets(List.of(new InetSocketAddress(50061)))).isEqualTo("0.0.0.0");
	}

	@Test
	void whenTheWildcardIsIpv6OrIpv4ThenTheTextIsTheSame() throws Exception {
		assertThat(ServerAddressText.of(InetAddress.getByName("::"))).isEqualTo("0.0.0.0");
		assertThat(ServerAddressText.of(InetAddress.getByName("0.0.0.0"))).isEqualTo("0.0.0.0");
	}

	@Test
	void whenTheAddressIsIpv6ThenItIsCompressedAndBracketed() throws Exception {
		assertThat(ServerAddressText.of(InetAddress.getByName("0:0:0:0:0:0:0:1"))).isEqualTo("[::1]");
	}

	@Test
	void whenTheAddressIsIpv4ThenItIsAsIs() throws Exception {
		assertThat(ServerAddressText.of(InetAddress.getByName("127.0.0.1"))).isEqualTo("127.0.0.1");
	}

	@Test
	void whenTheServerListensInProcessOnlyThenThereIsNoAddress() {
		List<SocketAddress> sockets = List.of(new InProcessSocketAddress("test"));
		assertThat(ServerAddressText.ofListenSockets(sockets)).isNull();
	}

	@Test
	void whenTheServerListensOnSeveralSocketsThenTheFirstNetworkOneIsShown() throws Exception {
		List<SocketAddress> sockets = List.of(new InProcessSocketAddress("test"),
				new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 9090),
				new InetSocketAddress(InetAddress.getByName("10.1.2.4"), 9090));
		assertThat(ServerAddressText.ofListenSockets(sockets)).isEqualTo("10.1.2.3");
	}

}
