package dev.grpcstarter.autoconfigure.status;

import dev.grpcstarter.core.status.InstanceIdentity;
import dev.grpcstarter.it.app.EchoGrpcService;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerServicesAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcInstanceAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, GrpcServerServicesAutoConfiguration.class,
				GrpcServerAutoConfiguration.class, GrpcInstanceAutoConfiguration.class))
		.withBean(EchoGrpcService.class)
		.withPropertyValues("spring.grpc.server.port=0");

	@Test
	void whenServerStartsThenTheIdentityLearnsItsBoundPortAndServices() {
		this.contextRunner.run((context) -> {
			InstanceIdentity identity = context.getBean(InstanceIdentity.class);
			assertThat(identity.instanceId()).isNotBlank();
			assertThat(identity.boundPort()).isEqualTo(context.getBean(GrpcServerLifecycle.class).getPort());
			assertThat(identity.services()).anyMatch((service) -> service.getServiceDescriptor()
				.getName()
				.equals("test.v1.EchoService"));
		});
	}

	@Test
	void whenSpringGrpcIsAbsentThenNothingIsConfigured() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GrpcInstanceAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(GrpcServerStartedEvent.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcInstanceAutoConfiguration.class));
	}

	@Test
	void whenUserDefinesIdentityThenOursBacksOff() {
		InstanceIdentity own = new InstanceIdentity(4242);
		this.contextRunner.withBean(InstanceIdentity.class, () -> own)
			.run((context) -> assertThat(context.getBean(InstanceIdentity.class)).isSameAs(own));
	}

}
