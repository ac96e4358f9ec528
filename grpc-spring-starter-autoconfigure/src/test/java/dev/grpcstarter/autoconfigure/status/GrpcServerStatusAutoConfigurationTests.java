package dev.grpcstarter.autoconfigure.status;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import dev.grpcstarter.autoconfigure.schema.GrpcStarterSchemaAutoConfiguration;
import dev.grpcstarter.autoconfigure.background.GrpcBackgroundAutoConfiguration;
import dev.grpcstarter.core.background.BackgroundScheduler;
import dev.grpcstarter.core.status.InstanceIdentity;
import dev.grpcstarter.core.status.ServerInstanceRecorder;
import dev.grpcstarter.core.status.ServerInstanceService;
import dev.grpcstarter.core.status.ServerInstanceStore;
import dev.grpcstarter.it.app.EchoGrpcService;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerServicesAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcServerStatusAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, DataSourceAutoConfiguration.class,
				GrpcStarterSchemaAutoConfiguration.class, GrpcBackgroundAutoConfiguration.class, GrpcInstanceAutoConfiguration.class,
				GrpcServerServicesAutoConfiguration.class, GrpcServerAutoConfiguration.class,
				GrpcServerStatusAutoConfiguration.class))
		.withBean(EchoGrpcService.class)
		.withPropertyValues("spring.grpc.server.port=0")
		.withInitializer((context) -> TestPropertyValues.of("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID())
			.applyTo(context));

	@Test
	void whenServerAndStarterTablesExistThenStatusIsRecordedAndReadable() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ServerInstanceStore.class);
			assertThat(context).hasSingleBean(ServerInstanceRecorder.class);
			assertThat(context).hasSingleBean(ServerStatusLifecycle.class);
			assertThat(context).hasSingleBean(ServerInstanceService.class);
			assertThat(context).hasBean("grpcServerInstancePurgeTask");
			assertThat(context.getBean(ServerInstanceService.class).current()).isPresent();
		});
	}

	@Test
	void whenStatusIsDisabledThenNothingIsRecorded() {
		this.contextRunner.withPropertyValues("grpc.server-status.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ServerInstanceRecorder.class));
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
	void whenNoBeanValidationProviderIsPresentThenPropertiesAreStillChecked() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("jakarta.validation", "org.hibernate.validator"))
			.withPropertyValues("grpc.server-status.heartbeat-interval=2h")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("grpc.server-status.heartbeat-interval must be between 1s and 1h, was PT2H"));
	}

	@Test
	void whenMissedHeartbeatsIsZeroThenStartupFailsNamingIt() {
		this.contextRunner.withPropertyValues("grpc.server-status.missed-heartbeats=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("grpc.server-status.missed-heartbeats must be at least 1"));
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

	@Test
	void whenStarterTablesAreNotMigratedThenNoStatus() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, DataSourceAutoConfiguration.class,
					GrpcInstanceAutoConfiguration.class, GrpcServerServicesAutoConfiguration.class,
					GrpcServerAutoConfiguration.class, GrpcServerStatusAutoConfiguration.class))
			.withBean(EchoGrpcService.class)
			.withPropertyValues("spring.grpc.server.port=0", "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID())
			.run((context) -> {
				assertThat(context).hasSingleBean(GrpcServerLifecycle.class);
				assertThat(context).doesNotHaveBean(ServerInstanceStore.class);
				assertThat(context).doesNotHaveBean(ServerInstanceRecorder.class);
			});
	}

	@Test
	void whenSpringJdbcIsAbsentThenNothingIsConfigured() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GrpcServerStatusAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(JdbcTemplate.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcServerStatusAutoConfiguration.class));
	}

	@Test
	void whenSpringGrpcIsAbsentThenNothingIsConfigured() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GrpcServerStatusAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(GrpcServerLifecycle.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcServerStatusAutoConfiguration.class));
	}

	@Test
	void whenUserDefinesStoreThenOursBacksOff() {
		this.contextRunner.withUserConfiguration(UserStore.class).run((context) -> {
			assertThat(context).hasSingleBean(ServerInstanceStore.class);
			assertThat(context).hasBean("userStore");
		});
	}

	@Test
	void whenUserDefinesRecorderThenOursBacksOff() {
		this.contextRunner.withUserConfiguration(UserRecorder.class).run((context) -> {
			assertThat(context).hasSingleBean(ServerInstanceRecorder.class);
			assertThat(context).hasBean("userRecorder");
		});
	}

	@Test
	void whenUserDefinesStatusLifecycleThenOursBacksOff() {
		this.contextRunner.withUserConfiguration(UserStatusLifecycle.class).run((context) -> {
			assertThat(context).hasSingleBean(ServerStatusLifecycle.class);
			assertThat(context).hasBean("userStatusLifecycle");
		});
	}

	@Test
	void whenUserDefinesInstanceServiceThenOursBacksOff() {
		this.contextRunner.withUserConfiguration(UserInstanceService.class).run((context) -> {
			assertThat(context).hasSingleBean(ServerInstanceService.class);
			assertThat(context).hasBean("userInstanceService");
		});
	}

	@Test
	void whenUserDefinesPurgeTaskThenOursBacksOff() {
		Object own = new Object();
		this.contextRunner.withBean("grpcServerInstancePurgeTask", Object.class, () -> own)
			.run((context) -> assertThat(context.getBean("grpcServerInstancePurgeTask")).isSameAs(own));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserStore {

		@Bean
		ServerInstanceStore userStore(DataSource dataSource) {
			return new ServerInstanceStore(new JdbcTemplate(dataSource));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRecorder {

		@Bean
		ServerInstanceRecorder userRecorder(ServerInstanceStore store, InstanceIdentity identity,
				BackgroundScheduler scheduler) {
			return new ServerInstanceRecorder(store, identity, Duration.ofMinutes(1), Clock.systemUTC(), scheduler);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserStatusLifecycle {

		@Bean
		ServerStatusLifecycle userStatusLifecycle(ServerInstanceRecorder recorder, Environment environment) {
			return new ServerStatusLifecycle(recorder, new ServerConfigSnapshot(null, environment, null));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserInstanceService {

		@Bean
		ServerInstanceService userInstanceService(ServerInstanceStore store, InstanceIdentity identity) {
			return new ServerInstanceService(store, identity, Duration.ofMinutes(1), 3, false, Clock.systemUTC());
		}

	}

}
