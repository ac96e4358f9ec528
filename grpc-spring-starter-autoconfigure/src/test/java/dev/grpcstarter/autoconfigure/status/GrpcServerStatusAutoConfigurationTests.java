package dev.grpcstarter.autoconfigure.status;

import java.time.Duration;

import dev.grpcstarter.autoconfigure.auth.GrpcApiKeyAutoConfiguration;
import dev.grpcstarter.autoconfigure.background.GrpcBackgroundAutoConfiguration;
import dev.grpcstarter.core.status.InstanceIdentity;
import dev.grpcstarter.core.status.ServerInstanceRecorder;
import dev.grpcstarter.core.status.ServerInstanceService;
import dev.grpcstarter.it.app.EchoGrpcService;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerServicesAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.util.TestPropertyValues;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcServerStatusAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, DataSourceAutoConfiguration.class,
				HibernateJpaAutoConfiguration.class, GrpcBackgroundAutoConfiguration.class,
				GrpcApiKeyAutoConfiguration.class,
				GrpcInstanceAutoConfiguration.class, GrpcServerServicesAutoConfiguration.class,
				GrpcServerAutoConfiguration.class, GrpcServerStatusAutoConfiguration.class))
		.withBean(EchoGrpcService.class)
		.withPropertyValues("spring.grpc.server.port=0", "spring.jpa.hibernate.ddl-auto=validate")
		.withInitializer((context) -> TestPropertyValues
			.of("spring.datasource.url=jdbc:h2:mem:" + java.util.UUID.randomUUID())
			.applyTo(context));

	@Test
	void whenServerAndDataSourceExistThenStatusIsRecordedAndReadable() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ServerInstanceRecorder.class);
			assertThat(context).hasSingleBean(ServerInstanceService.class);
			assertThat(context).hasSingleBean(GrpcServerStatusAutoConfiguration.GrpcServicesEndpoint.class);
			assertThat(context).hasBean("grpcServerHealthIndicator");
			assertThat(context.getBean(ServerInstanceService.class).current()).isPresent();
			String id = context.getBean(InstanceIdentity.class).instanceId();
			assertThat(context.getBean(GrpcServerStatusAutoConfiguration.GrpcServicesEndpoint.class).services())
				.containsEntry("instanceId", id)
				.containsKey("services");
		});
	}

	@Test
	void whenStatusIsDisabledThenNothingIsRecorded() {
		this.contextRunner.withPropertyValues("grpc.server-status.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ServerInstanceRecorder.class);
			assertThat(context).hasBean("grpcServerHealthIndicator");
		});
	}

	@Test
	void whenPropertiesAreSetThenTheyAreBound() {
		this.contextRunner
			.withPropertyValues("grpc.server-status.heartbeat-interval=5s", "grpc.server-status.missed-heartbeats=4",
					"grpc.server-status.check-local-pid=true")
			.run((context) -> {
				GrpcServerStatusProperties properties = context.getBean(GrpcServerStatusProperties.class);
				assertThat(properties.getHeartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
				assertThat(properties.getMissedHeartbeats()).isEqualTo(4);
				assertThat(properties.isCheckLocalPid()).isTrue();
			});
	}

	@Test
	void whenHeartbeatIntervalIsOutOfRangeThenStartupFailsNamingIt() {
		this.contextRunner.withPropertyValues("grpc.server-status.heartbeat-interval=500ms")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("grpc.server-status.heartbeat-interval must be between 1s and 1h"));
	}

	@Test
	void whenPurgeAgeIsShorterThanLivenessThenStartupFailsNamingIt() {
		this.contextRunner.withPropertyValues("grpc.server-status.purge-after=30s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("grpc.server-status.purge-after must be longer than"));
	}

	@Test
	void whenThereIsNoServerThenNoStatus() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GrpcInstanceAutoConfiguration.class,
					GrpcServerStatusAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ServerInstanceRecorder.class));
	}

}
