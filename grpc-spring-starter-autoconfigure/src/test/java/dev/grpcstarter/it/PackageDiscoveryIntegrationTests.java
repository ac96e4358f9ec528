package dev.grpcstarter.it;

import dev.grpcstarter.it.app.TestApplication;
import dev.grpcstarter.test.v1.EchoServiceGrpc;
import dev.grpcstarter.test.v1.PingRequest;
import dev.grpcstarter.test.v1.PingServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * With {@code grpc.services.packages} set, a service outside the component scan is served
 * and services outside the packages are not; health and reflection (v1 and v1alpha) answer.
 */
@SpringBootTest(classes = TestApplication.class,
		properties = { "spring.grpc.server.port=0", "grpc.services.packages=dev.grpcstarter.it.external" })
class PackageDiscoveryIntegrationTests {

	@Autowired
	private ApplicationContext context;

	private LocalGrpcChannel channel;

	@BeforeEach
	void openChannel() {
		this.channel = LocalGrpcChannel.to(this.context);
	}

	@AfterEach
	void closeChannel() throws InterruptedException {
		this.channel.close();
	}

	@Test
	void whenServiceLiesOutsideComponentScanThenItIsServed() {
		assertThat(PingServiceGrpc.newBlockingStub(this.channel.channel())
			.ping(PingRequest.newBuilder().setText("hi").build())
			.getText()).isEqualTo("pong hi");
	}

	@Test
	void whenServiceLiesOutsideConfiguredPackagesThenItIsNotExposed() {
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> EchoServiceGrpc.newBlockingStub(this.channel.channel())
					.echo(PingRequest.newBuilder().setText("hi").build()));
		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
	}

	@Test
	void whenHealthIsCheckedThenServerIsServing() {
		HealthCheckResponse response = HealthGrpc.newBlockingStub(this.channel.channel())
			.check(HealthCheckRequest.newBuilder().build());
		assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
	}

	@Test
	void whenReflectionV1ListsServicesThenOnlyExposedOnesAppear() throws Exception {
		assertThat(ReflectionClient.listServicesV1(this.channel.channel())).containsExactly("grpc.health.v1.Health",
				"grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection",
				"test.v1.PingService");
	}

	@Test
	void whenReflectionV1AlphaListsServicesThenItAnswersToo() throws Exception {
		assertThat(ReflectionClient.listServicesV1Alpha(this.channel.channel())).contains("test.v1.PingService")
			.doesNotContain("test.v1.EchoService");
	}

}
