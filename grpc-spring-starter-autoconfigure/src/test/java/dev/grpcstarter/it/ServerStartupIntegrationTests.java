package dev.grpcstarter.it;

import java.net.InetSocketAddress;
import java.net.ServerSocket;

import dev.grpcstarter.it.app.TestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Startup and shutdown of a real server: clear startup errors, the service log, port release.
 */
@ExtendWith(OutputCaptureExtension.class)
class ServerStartupIntegrationTests {

	@Test
	void whenAnnotatedClassIsNotAServiceThenStartupFailsNamingIt() {
		Throwable failure = catchThrowable(() -> start("grpc.services.packages=dev.grpcstarter.it.invalid").close());
		assertThat(NestedExceptionUtils.getMostSpecificCause(failure)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("dev.grpcstarter.it.invalid.NotAService")
			.hasMessageContaining("not a gRPC service implementation");
	}

	@Test
	void whenTwoClassesImplementOneServiceThenStartupFailsNamingBoth() {
		Throwable failure = catchThrowable(() -> start("grpc.services.packages=dev.grpcstarter.it.duplicate").close());
		assertThat(NestedExceptionUtils.getMostSpecificCause(failure)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("test.v1.PingService is implemented twice")
			.hasMessageContaining("dev.grpcstarter.it.duplicate.FirstPingService")
			.hasMessageContaining("dev.grpcstarter.it.duplicate.SecondPingService");
	}

	@Test
	void whenConfiguredPackageHoldsNoServicesThenWarning(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(
				"grpc.services.packages=dev.grpcstarter.it.external,dev.grpcstarter.nothing.here")) {
			assertThat(output).contains("package 'dev.grpcstarter.nothing.here' holds no @GrpcService classes");
		}
	}

	@Test
	void whenServerStartsThenEachServiceIsLoggedWithItsMethodsAndCallTypes(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start()) {
			assertThat(output).contains("gRPC service test.v1.FailingService [Fail (unary), FailStream (server-streaming)]")
				.contains("gRPC service grpc.health.v1.Health [Check (unary), Watch (server-streaming)]")
				.contains("gRPC service grpc.reflection.v1.ServerReflection [ServerReflectionInfo (bidi-streaming)]");
		}
	}

	@Test
	void whenAutoRegisterIsOffThenPackagesAreNeitherScannedNorFiltered(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start("grpc.services.auto-register=false",
				"grpc.services.packages=dev.grpcstarter.it.external")) {
			assertThat(output).contains("gRPC service test.v1.EchoService")
				.doesNotContain("gRPC service test.v1.PingService");
		}
	}

	@Test
	void whenContextClosesThenPortIsReleased() throws Exception {
		int port;
		try (ConfigurableApplicationContext context = start()) {
			port = context.getBean(GrpcServerLifecycle.class).getPort();
			assertThat(port).isPositive();
		}
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(port));
			assertThat(socket.isBound()).isTrue();
		}
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(TestApplication.class)
			.properties("spring.grpc.server.port=0", "spring.grpc.server.shutdown.grace-period=0s")
			.properties(properties)
			.run();
	}

}
