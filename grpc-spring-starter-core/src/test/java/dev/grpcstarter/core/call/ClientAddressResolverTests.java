package dev.grpcstarter.core.call;

import java.net.InetSocketAddress;
import java.util.List;

import io.grpc.Attributes;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class ClientAddressResolverTests {

	@Test
	void whenNoProxiesAreTrustedThenForwardedHeaderIsIgnored() {
		ClientAddressResolver resolver = new ClientAddressResolver(List.of());
		assertThat(resolver.resolve(call("10.0.0.5"), forwarded("1.2.3.4"))).isEqualTo("10.0.0.5");
	}

	@Test
	void whenPeerIsATrustedProxyThenRightMostUntrustedForwardedAddressWins() {
		ClientAddressResolver resolver = new ClientAddressResolver(List.of("10.0.0.0/8", "192.168.1.1"));
		assertThat(resolver.resolve(call("10.0.0.5"), forwarded("6.6.6.6, 1.2.3.4, 192.168.1.1")))
			.isEqualTo("1.2.3.4");
	}

	@Test
	void whenPeerIsNotTrustedThenItsOwnAddressCountsWhateverItForwards() {
		ClientAddressResolver resolver = new ClientAddressResolver(List.of("10.0.0.0/8"));
		assertThat(resolver.resolve(call("11.0.0.5"), forwarded("1.2.3.4"))).isEqualTo("11.0.0.5");
	}

	@Test
	void whenForwardedHeaderIsGarbageThenPeerCounts() {
		ClientAddressResolver resolver = new ClientAddressResolver(List.of("10.0.0.0/8"));
		assertThat(resolver.resolve(call("10.0.0.5"), forwarded("evil.example.com"))).isEqualTo("10.0.0.5");
	}

	@ParameterizedTest
	@ValueSource(strings = { "999.1.1.1", "1.2.3.4.5", "1.2.3", "010.0.0.1", "1.2.3.4%eth0", "1.2.3.4:8080",
			"[2001:db8::7]", "0x7f.0.0.1", "2001:db8::7::1" })
	void whenForwardedHopIsNoIpLiteralThenPeerCountsAndNothingIsLookedUp(String hop) {
		ClientAddressResolver resolver = new ClientAddressResolver(List.of("10.0.0.0/8"));
		List<String> lookups = DnsLookups.recordedDuring(
				() -> assertThat(resolver.resolve(call("10.0.0.5"), forwarded("6.6.6.6," + hop))).isEqualTo("10.0.0.5"));
		assertThat(lookups).isEmpty();
	}

	@Test
	void whenForwardedHopIsAHostNameThenItIsNeverResolved() {
		ClientAddressResolver resolver = new ClientAddressResolver(List.of("10.0.0.0/8"));
		List<String> lookups = DnsLookups.recordedDuring(() -> assertThat(
				resolver.resolve(call("10.0.0.5"), forwarded("localhost, evil.example.com"))).isEqualTo("10.0.0.5"));
		assertThat(lookups).isEmpty();
	}

	@Test
	void whenLookupsAreRecordedThenTheRecorderSeesThem() {
		// Proves the recorder above can fail: the JDK's own parser asks DNS for what it cannot parse.
		List<String> lookups = DnsLookups.recordedDuring(() -> {
			try {
				java.net.InetAddress.getByName("999.1.1.1");
			}
			catch (java.net.UnknownHostException ex) {
				// expected without DNS
			}
		});
		assertThat(lookups).containsExactly("999.1.1.1");
	}

	@Test
	void whenForwardedHopIsAFullIpv4LiteralThenItIsUsedAsWritten() {
		ClientAddressResolver resolver = new ClientAddressResolver(List.of("10.0.0.0/8"));
		assertThat(resolver.resolve(call("10.0.0.5"), forwarded("1.2.3.4"))).isEqualTo("1.2.3.4");
		assertThat(resolver.resolve(call("10.0.0.5"), forwarded("::ffff:1.2.3.4"))).isEqualTo("1.2.3.4");
	}

	@Test
	void whenIpv6RangeIsTrustedThenItMatches() {
		ClientAddressResolver resolver = new ClientAddressResolver(List.of("fd00::/8"));
		assertThat(resolver.resolve(call("fd12::1"), forwarded("2001:db8::7"))).isEqualTo("2001:db8:0:0:0:0:0:7");
	}

	@Test
	void whenAskedTwiceDuringOneCallThenTheFirstAnswerIsKept() throws Exception {
		ClientAddressResolver resolver = new ClientAddressResolver(List.of());
		Context context = Context.current()
			.withValue(RequestContext.CONTEXT_KEY, new RequestContext("request-1", "test.v1.Test/M"));
		List<String> answers = context.call(() -> List.of(resolver.resolve(call("10.0.0.5"), new Metadata()),
				resolver.resolve(call("10.0.0.6"), new Metadata())));
		assertThat(answers).containsExactly("10.0.0.5", "10.0.0.5");
		assertThat(resolver.resolve(call("10.0.0.6"), new Metadata())).isEqualTo("10.0.0.6");
	}

	@Test
	void whenTrustedProxyIsNotAnAddressThenItIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddressResolver(List.of("proxy.local")))
			.withMessageContaining("'proxy.local' is not an IP address or CIDR range");
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddressResolver(List.of("10.0.0.0/33")))
			.withMessageContaining("invalid prefix length");
	}

	private static ServerCall<?, ?> call(String peer) {
		ServerCall<?, ?> call = mock(ServerCall.class);
		given(call.getAttributes()).willReturn(Attributes.newBuilder()
			.set(Grpc.TRANSPORT_ATTR_REMOTE_ADDR, new InetSocketAddress(ClientAddressResolver.literal(peer), 4242))
			.build());
		return call;
	}

	private static Metadata forwarded(String value) {
		Metadata headers = new Metadata();
		headers.put(ClientAddressResolver.FORWARDED_FOR, value);
		return headers;
	}

}
