package dev.grpcstarter.autoconfigure.ratelimit;

import java.time.Duration;

import dev.grpcstarter.autoconfigure.auth.GrpcApiKeyAutoConfiguration;
import dev.grpcstarter.autoconfigure.background.GrpcBackgroundAutoConfiguration;
import dev.grpcstarter.autoconfigure.schema.GrpcStarterSchemaAutoConfiguration;
import dev.grpcstarter.core.ratelimit.CallLimiter;
import dev.grpcstarter.core.ratelimit.LimitStore;
import dev.grpcstarter.core.ratelimit.RateLimitEngine;
import dev.grpcstarter.it.app.EchoGrpcService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class GrpcRateLimitAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
				GrpcStarterSchemaAutoConfiguration.class, GrpcBackgroundAutoConfiguration.class,
				GrpcApiKeyAutoConfiguration.class, GrpcRateLimitAutoConfiguration.class))
		.withBean(EchoGrpcService.class)
		.withPropertyValues("spring.jpa.hibernate.ddl-auto=validate")
		.withInitializer((context) -> TestPropertyValues
			.of("spring.datasource.url=jdbc:h2:mem:" + java.util.UUID.randomUUID())
			.applyTo(context));

	@Test
	void whenTheDatabaseIsH2ThenTheBucketsLiveInMemoryAndTheChoiceIsLogged(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(CallLimiter.class);
			assertThat(context.getBean(CallLimiter.class).engine()).isEqualTo(RateLimitEngine.MEMORY);
			assertThat(context.getBean(BucketPurge.class).isActive()).isFalse();
			assertThat(output).contains(
					"gRPC rate limits and quotas: memory engine, this instance's memory; limits hold per instance");
		});
	}

	@Test
	void whenTheContextStartsThenASharedEngineIsWarmedUpAndOneThatNeverAnswersIsReportedOnce(
			CapturedOutput output) {
		// Nothing listens on port 1: each warm-up attempt fails at once.
		DriverManagerDataSource unreachable = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none",
				"postgres", "");
		this.contextRunner
			.withBean(CallLimiter.class,
					() -> new CallLimiter(
							LimitStore.postgresql(unreachable, new LimitStore.EngineConnection(Duration.ofSeconds(2), 1)),
							CallLimiter.LocalShare.NONE, Duration.ofSeconds(5)))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).containsOnlyOnce("did not answer before the server started (3 attempts)");
			});
	}

	@Test
	void whenMemoryIsChosenThenItIsUsedWhateverTheDatabase() {
		this.contextRunner.withPropertyValues("grpc.rate-limit.engine=memory")
			.run((context) -> assertThat(context.getBean(CallLimiter.class).engine()).isEqualTo(RateLimitEngine.MEMORY));
	}

	@Test
	void whenPostgresqlIsChosenOnH2ThenStartupFailsWithTheReason() {
		this.contextRunner.withPropertyValues("grpc.rate-limit.engine=postgresql")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("grpc.rate-limit.engine=postgresql, but the application's database is not PostgreSQL"));
	}

	@Test
	void whenRedisIsChosenWithoutSpringDataRedisThenStartupFailsWithTheReason() {
		this.contextRunner.withPropertyValues("grpc.rate-limit.engine=redis")
			.withClassLoader(new FilteredClassLoader(LettuceConnectionFactory.class))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageStartingWith("grpc.rate-limit.engine=redis, but the application has no Spring Data Redis"));
	}

	@Test
	void whenAuthenticationIsOffThenThereIsNoLimiter() {
		this.contextRunner.withPropertyValues("grpc.auth.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CallLimiter.class));
	}

	@Test
	void whenTheApplicationDefinesALimiterThenItIsUsed() {
		CallLimiter own = CallLimiter.inMemory();
		this.contextRunner.withBean(CallLimiter.class, () -> own)
			.run((context) -> assertThat(context.getBean(CallLimiter.class)).isSameAs(own));
	}

	@Test
	void whenPropertiesAreSetThenTheyAreBound() {
		this.contextRunner
			.withPropertyValues("grpc.rate-limit.timeout=200ms", "grpc.rate-limit.outage-retry=30s",
					"grpc.rate-limit.threads=2", "grpc.rate-limit.local-share=0.002", "grpc.rate-limit.local-max-age=250ms",
					"grpc.rate-limit.purge-interval=1h", "grpc.rate-limit.redis.key-prefix=app:rl:")
			.run((context) -> {
				GrpcRateLimitProperties properties = context.getBean(GrpcRateLimitProperties.class);
				assertThat(properties.getEngine()).isEqualTo(GrpcRateLimitProperties.Engine.AUTO);
				assertThat(properties.getTimeout()).isEqualTo(Duration.ofMillis(200));
				assertThat(properties.getOutageRetry()).isEqualTo(Duration.ofSeconds(30));
				assertThat(properties.getThreads()).isEqualTo(2);
				assertThat(properties.getLocalShare()).isEqualTo(0.002);
				assertThat(properties.getLocalMaxAge()).isEqualTo(Duration.ofMillis(250));
				assertThat(properties.getPurgeInterval()).isEqualTo(Duration.ofHours(1));
				assertThat(properties.getRedis().getKeyPrefix()).isEqualTo("app:rl:");
			});
	}

}
