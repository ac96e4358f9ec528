package dev.grpcstarter.autoconfigure.auth;

import java.time.Duration;
import java.util.UUID;

import dev.grpcstarter.autoconfigure.background.GrpcBackgroundAutoConfiguration;
import dev.grpcstarter.autoconfigure.call.GrpcClientAddressAutoConfiguration;
import dev.grpcstarter.autoconfigure.ratelimit.GrpcRateLimitAutoConfiguration;
import dev.grpcstarter.autoconfigure.schema.GrpcStarterSchemaAutoConfiguration;
import dev.grpcstarter.autoconfigure.service.GrpcServicesAutoConfiguration;
import dev.grpcstarter.core.apikey.ApiKeyChangeNotifications;
import dev.grpcstarter.core.apikey.PostgresApiKeyChangeNotifications;
import dev.grpcstarter.it.EmbeddedPostgres;
import dev.grpcstarter.it.app.EchoGrpcService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class GrpcApiKeyChangeNotificationsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
				TransactionAutoConfiguration.class, GrpcStarterSchemaAutoConfiguration.class,
				GrpcBackgroundAutoConfiguration.class, GrpcApiKeyAutoConfiguration.class,
				GrpcClientAddressAutoConfiguration.class, GrpcServicesAutoConfiguration.class,
				GrpcRateLimitAutoConfiguration.class, GrpcAuthAutoConfiguration.class,
				GrpcApiKeyChangeNotificationsAutoConfiguration.class))
		.withBean(EchoGrpcService.class)
		.withPropertyValues("spring.jpa.hibernate.ddl-auto=validate");

	private ApplicationContextRunner onH2() {
		return this.contextRunner.withInitializer((context) -> TestPropertyValues
			.of("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID())
			.applyTo(context));
	}

	@Test
	void whenTheDatabaseIsH2ThenThereAreNoNotificationsAndTheCacheTtlIsLogged(CapturedOutput output) {
		onH2().run((context) -> {
			ApiKeyChangeNotifications notifications = context.getBean(ApiKeyChangeNotifications.class);
			assertThat(notifications.description()).startsWith("none");
			assertThat(notifications.isSubscribed()).isFalse();
			assertThat(output).contains("API key changes: no notifications").contains("grpc.auth.cache-ttl (PT10S)");
		});
	}

	@Test
	void whenSwitchedOffThenThereIsNoNotificationBean() {
		onH2().withPropertyValues("grpc.auth.key-change-notifications.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ApiKeyChangeNotifications.class));
	}

	@Test
	void whenAuthenticationIsOffThenThereIsNoNotificationBean() {
		onH2().withPropertyValues("grpc.auth.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ApiKeyChangeNotifications.class));
	}

	@Test
	void whenPostgresqlIsChosenOnH2ThenStartupFailsWithTheReason() {
		onH2().withPropertyValues("grpc.auth.key-change-notifications.transport=postgresql")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("grpc.auth.key-change-notifications.transport=postgresql, but the application's"
						+ " database is not PostgreSQL"));
	}

	@Test
	void whenRedisIsChosenWithoutSpringDataRedisThenStartupFailsWithTheReason() {
		onH2().withPropertyValues("grpc.auth.key-change-notifications.transport=redis")
			.withClassLoader(new FilteredClassLoader(LettuceConnectionFactory.class))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageStartingWith("grpc.auth.key-change-notifications.transport=redis, but the application"
						+ " has no Spring Data Redis"));
	}

	@Test
	void whenTheDatabaseIsPostgresqlThenTheInstanceListensBeforeItStartsAndStopsListeningWhenClosed() {
		ApplicationContextRunner onPostgres = this.contextRunner.withInitializer((context) -> TestPropertyValues
			.of(EmbeddedPostgres.datasourceProperties(EmbeddedPostgres.newDatabase(), Duration.ofSeconds(1)))
			.applyTo(context));
		ApiKeyChangeNotifications[] running = new ApiKeyChangeNotifications[1];
		onPostgres.run((context) -> {
			ApiKeyChangeNotifications notifications = context.getBean(ApiKeyChangeNotifications.class);
			running[0] = notifications;
			assertThat(notifications).isInstanceOf(PostgresApiKeyChangeNotifications.class);
			assertThat(notifications.isSubscribed()).isTrue();
			assertThat(notifications.subscriptions()).isOne();
		});
		assertThat(running[0].isRunning()).isFalse();
		assertThat(running[0].isSubscribed()).isFalse();
	}

}
