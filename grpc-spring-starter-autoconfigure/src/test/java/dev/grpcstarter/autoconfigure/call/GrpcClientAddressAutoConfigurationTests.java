package dev.grpcstarter.autoconfigure.call;

import java.util.List;

import dev.grpcstarter.core.call.ClientAddressResolver;
import io.grpc.BindableService;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcClientAddressAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAddressAutoConfiguration.class));

	@Test
	void whenDefaultsThenResolverTrustsNoProxy() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ClientAddressResolver.class);
			assertThat(context.getBean(GrpcClientAddressProperties.class).getTrustedProxies()).isEmpty();
		});
	}

	@Test
	void whenTrustedProxiesAreSetThenTheyAreBound() {
		this.contextRunner.withPropertyValues("grpc.client-address.trusted-proxies=10.0.0.0/8,192.168.1.7")
			.run((context) -> assertThat(context.getBean(GrpcClientAddressProperties.class).getTrustedProxies())
				.containsExactly("10.0.0.0/8", "192.168.1.7"));
	}

	@Test
	void whenTrustedProxyIsMalformedThenStartupFailsNamingIt() {
		this.contextRunner.withPropertyValues("grpc.client-address.trusted-proxies=proxy.example.com")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("grpc.client-address.trusted-proxies: trusted proxy 'proxy.example.com'"
						+ " is not an IP address or CIDR range"));
	}

	@Test
	void whenGrpcServerIsDisabledThenNoResolver() {
		this.contextRunner.withPropertyValues("spring.grpc.server.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ClientAddressResolver.class));
	}

	@Test
	void whenGrpcIsAbsentThenNothingIsConfigured() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(BindableService.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcClientAddressAutoConfiguration.class));
	}

	@Test
	void whenUserDefinesResolverThenOursBacksOff() {
		ClientAddressResolver own = new ClientAddressResolver(List.of("127.0.0.1"));
		this.contextRunner.withBean(ClientAddressResolver.class, () -> own)
			.run((context) -> assertThat(context.getBean(ClientAddressResolver.class)).isSameAs(own));
	}

}
