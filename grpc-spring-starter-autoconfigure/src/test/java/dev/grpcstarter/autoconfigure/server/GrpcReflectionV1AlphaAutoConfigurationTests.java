package dev.grpcstarter.autoconfigure.server;

import dev.grpcstarter.it.app.EchoGrpcService;
import io.grpc.BindableService;
import io.grpc.protobuf.services.ProtoReflectionService;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerServicesAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

@SuppressWarnings("deprecation")
class GrpcReflectionV1AlphaAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, GrpcServerServicesAutoConfiguration.class,
				GrpcReflectionV1AlphaAutoConfiguration.class, GrpcServerAutoConfiguration.class))
		.withPropertyValues("spring.grpc.server.port=0");

	@Test
	void whenServicesExistThenV1AlphaReflectionIsAdded() {
		this.contextRunner.withBean(EchoGrpcService.class)
			.run((context) -> assertThat(context.getBeansOfType(BindableService.class).values())
				.hasAtLeastOneElementOfType(ProtoReflectionService.class));
	}

	@Test
	void whenReflectionIsDisabledThenNoV1Alpha() {
		this.contextRunner.withBean(EchoGrpcService.class)
			.withPropertyValues("spring.grpc.server.reflection.enabled=false")
			.run((context) -> assertThat(context.getBeansOfType(BindableService.class).values())
				.doesNotHaveAnyElementsOfTypes(ProtoReflectionService.class));
	}

	@Test
	void whenNoServiceExistsThenReflectionAloneDoesNotStartAServer() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(BindableService.class));
	}

	@Test
	void whenGrpcServerIsDisabledThenNoV1Alpha() {
		this.contextRunner.withBean(EchoGrpcService.class)
			.withPropertyValues("spring.grpc.server.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ProtoReflectionService.class));
	}

	@Test
	void whenGrpcServicesAreAbsentThenNothingIsConfigured() {
		this.contextRunner.withBean(EchoGrpcService.class)
			.withClassLoader(new FilteredClassLoader(ProtoReflectionService.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcReflectionV1AlphaAutoConfiguration.class));
	}

	@Test
	void whenUserDefinesV1AlphaReflectionThenOursBacksOff() {
		BindableService own = ProtoReflectionService.newInstance();
		this.contextRunner.withBean(EchoGrpcService.class)
			.withBean("userReflection", ProtoReflectionService.class, () -> (ProtoReflectionService) own)
			.run((context) -> {
				assertThat(context).hasSingleBean(ProtoReflectionService.class);
				assertThat(context).doesNotHaveBean("grpcReflectionV1AlphaService");
			});
	}

}
