package dev.grpcstarter.autoconfigure.requestlog;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import dev.grpcstarter.autoconfigure.error.GrpcErrorMappingAutoConfiguration;
import dev.grpcstarter.autoconfigure.call.GrpcClientAddressAutoConfiguration;
import dev.grpcstarter.autoconfigure.schema.GrpcStarterSchemaAutoConfiguration;
import dev.grpcstarter.autoconfigure.background.GrpcBackgroundAutoConfiguration;
import dev.grpcstarter.autoconfigure.status.GrpcInstanceAutoConfiguration;
import dev.grpcstarter.core.call.ClientAddressResolver;
import dev.grpcstarter.core.background.PeriodicTask;
import dev.grpcstarter.core.requestlog.ExplorerCallTickets;
import dev.grpcstarter.core.requestlog.RejectedCallRowBudget;
import dev.grpcstarter.core.requestlog.RejectedCallRowBudgetMetrics;
import dev.grpcstarter.core.requestlog.RequestLogPolicy;
import dev.grpcstarter.core.requestlog.RequestLogSearch;
import dev.grpcstarter.core.requestlog.RequestLogStatistics;
import dev.grpcstarter.core.requestlog.RequestLogTracerFactory;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import dev.grpcstarter.core.requestlog.RequestLogWriterMetrics;
import io.grpc.BindableService;
import io.micrometer.core.instrument.MeterRegistry;
import io.grpc.ServerBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.grpc.server.ServerBuilderCustomizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

class GrpcRequestLogAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				GrpcStarterSchemaAutoConfiguration.class, GrpcBackgroundAutoConfiguration.class, GrpcInstanceAutoConfiguration.class,
				GrpcClientAddressAutoConfiguration.class, GrpcRequestLogAutoConfiguration.class))
		.withInitializer((context) -> TestPropertyValues.of("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID())
			.applyTo(context));

	@Test
	void whenStarterTablesExistThenTheRequestLogIsConfigured() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RequestLogWriter.class);
			assertThat(context).hasSingleBean(RequestLogTracerFactory.class);
			assertThat(context).hasBean("grpcRequestLogTracerRegistration");
			// The request log's tracer opens each call's request context: the pipeline's own stays out.
			assertThat(context).doesNotHaveBean("grpcRequestContextTracerRegistration");
			assertThat(context).hasSingleBean(RequestLogStatistics.class);
			assertThat(context).hasSingleBean(RequestLogSearch.class);
			assertThat(context).hasSingleBean(RequestLogWriterMetrics.class);
			assertThat(context).hasBean("grpcRequestLogRetentionTask");
		});
	}

	@Test
	void whenDisabledThenNothingIsConfigured() {
		this.contextRunner.withPropertyValues("grpc.request-log.enabled=false")
			.withConfiguration(AutoConfigurations.of(GrpcErrorMappingAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(RequestLogWriter.class);
				assertThat(context).doesNotHaveBean(RequestLogTracerFactory.class);
				assertThat(context).doesNotHaveBean("grpcRequestLogTracerRegistration");
				assertThat(context).hasBean("grpcRequestContextTracerRegistration");
			});
	}

	@Test
	void whenGrpcServerIsDisabledThenRowsCanStillBeReadButNoCallIsRecorded() {
		this.contextRunner.withPropertyValues("spring.grpc.server.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(RequestLogSearch.class);
			assertThat(context).doesNotHaveBean(RequestLogTracerFactory.class);
		});
	}

	@Test
	void whenPropertiesAreSetThenTheyAreBound() {
		this.contextRunner
			.withPropertyValues("grpc.request-log.errors-only=true", "grpc.request-log.sample-rate=0.25",
					"grpc.request-log.retention=7d", "grpc.request-log.queue-capacity=123",
					"grpc.request-log.timeout-tolerance=250ms", "grpc.request-log.partitions.ahead=3",
					"grpc.request-log.partitions.lock-timeout=500ms")
			.run((context) -> {
				GrpcRequestLogProperties properties = context.getBean(GrpcRequestLogProperties.class);
				assertThat(properties.isErrorsOnly()).isTrue();
				assertThat(properties.getSampleRate()).isEqualTo(0.25);
				assertThat(properties.getRetention()).hasDays(7);
				assertThat(properties.getQueueCapacity()).isEqualTo(123);
				assertThat(properties.getTimeoutTolerance()).hasMillis(250);
				assertThat(properties.getPartitions().getAhead()).isEqualTo(3);
				assertThat(properties.getPartitions().getLockTimeout()).hasMillis(500);
				assertThat(properties.getExcludedMethods()).contains("grpc.health.v1.Health/*");
			});
	}

	@Test
	void whenSampleRateIsOutOfRangeThenStartupFailsNamingIt() {
		this.contextRunner.withPropertyValues("grpc.request-log.sample-rate=1.5")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("grpc.request-log.sample-rate must be between 0 and 1"));
	}

	@Test
	void whenExcludedMethodPatternIsMalformedThenStartupFailsNamingIt() {
		this.contextRunner.withPropertyValues("grpc.request-log.excluded-methods=not a pattern")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("grpc.request-log.excluded-methods: 'not a pattern' is not a method pattern"));
	}

	@Test
	void whenBatchSizeIsOutOfRangeThenStartupFailsNamingIt() {
		this.contextRunner.withPropertyValues("grpc.request-log.batch-size=5000")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("grpc.request-log.batch-size must be between 1 and 1000, was 5000"));
	}

	@Test
	void whenQueueCapacityIsZeroThenStartupFailsNamingIt() {
		this.contextRunner.withPropertyValues("grpc.request-log.queue-capacity=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("grpc.request-log.queue-capacity must be at least 1, was 0"));
	}

	@Test
	void whenPartitionsAheadIsZeroThenStartupFailsNamingIt() {
		this.contextRunner.withPropertyValues("grpc.request-log.partitions.ahead=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("grpc.request-log.partitions.ahead must be at least 1, was 0"));
	}

	@Test
	void whenPartitionLockTimeoutIsZeroThenStartupFailsNamingIt() {
		this.contextRunner.withPropertyValues("grpc.request-log.partitions.lock-timeout=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("grpc.request-log.partitions.lock-timeout must be positive"));
	}

	@Test
	void whenTimeoutToleranceIsNegativeThenStartupFailsNamingIt() {
		this.contextRunner.withPropertyValues("grpc.request-log.timeout-tolerance=-1ms")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("grpc.request-log.timeout-tolerance must not be negative"));
	}

	@Test
	@SuppressWarnings({ "unchecked", "rawtypes" })
	void whenUserDefinesTheTracerFactoryThenOursBacksOffAndTheirsIsRegistered() {
		RequestLogTracerFactory own = new RequestLogTracerFactory((entry) -> {
		}, new dev.grpcstarter.core.requestlog.RequestLogPolicy(false, 1.0, java.util.List.of()),
				new dev.grpcstarter.core.call.ClientAddressResolver(java.util.List.of()), () -> "own",
				java.time.Duration.ZERO);
		this.contextRunner.withBean(RequestLogTracerFactory.class, () -> own).run((context) -> {
			assertThat(context.getBean(RequestLogTracerFactory.class)).isSameAs(own);
			ServerBuilder builder = mock(ServerBuilder.class);
			context.getBean("grpcRequestLogTracerRegistration", ServerBuilderCustomizer.class).customize(builder);
			verify(builder).addStreamTracerFactory(own);
		});
	}

	@Test
	void whenUserDefinesExplorerCallTicketsThenOursBackOff() {
		ExplorerCallTickets own = new ExplorerCallTickets();
		this.contextRunner.withBean(ExplorerCallTickets.class, () -> own)
			.run((context) -> assertThat(context.getBean(ExplorerCallTickets.class)).isSameAs(own));
	}

	@Test
	void whenNoDataSourceThenNoRequestLog() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GrpcStarterSchemaAutoConfiguration.class,
					GrpcRequestLogAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RequestLogWriter.class));
	}

	@Test
	void whenStarterTablesAreNotMigratedThenNoRequestLog() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					GrpcRequestLogAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID())
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcRequestLogAutoConfiguration.class));
	}

	@Test
	void whenGrpcIsAbsentThenNothingIsConfigured() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(BindableService.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcRequestLogAutoConfiguration.class));
	}

	@Test
	void whenSpringJdbcIsAbsentThenNothingIsConfigured() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GrpcRequestLogAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(JdbcTemplate.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcRequestLogAutoConfiguration.class));
	}

	@Test
	void whenMicrometerIsAbsentThenNoMetrics() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run((context) -> {
			assertThat(context).hasSingleBean(RequestLogWriter.class);
			assertThat(context).doesNotHaveBean(RequestLogWriterMetrics.class);
			assertThat(context).hasSingleBean(RejectedCallRowBudget.class);
			assertThat(context).doesNotHaveBean(RejectedCallRowBudgetMetrics.class);
		});
	}

	@Test
	void whenTheRequestLogIsConfiguredThenRejectedCallsHaveABudgetPerAddressWithItsSummaryTaskAndMeter() {
		this.contextRunner.run((context) -> {
			RejectedCallRowBudget budget = context.getBean(RejectedCallRowBudget.class);
			assertThat(budget.rowsPerAddress()).isEqualTo(20);
			assertThat(budget.window()).isEqualTo(Duration.ofMinutes(1));
			assertThat(budget.isRunning()).isTrue();
			assertThat(context.getBean("grpcRejectedCallSummaryTask", PeriodicTask.class).isRunning()).isTrue();
			assertThat(context).hasSingleBean(RejectedCallRowBudgetMetrics.class);
			GrpcRequestLogProperties.RejectedCalls properties = context.getBean(GrpcRequestLogProperties.class)
				.getRejectedCalls();
			assertThat(properties.isEnabled()).isTrue();
			assertThat(properties.getMaxAddresses()).isEqualTo(10_000);
		});
	}

	@Test
	void whenRejectedCallPropertiesAreSetThenTheBudgetUsesThem() {
		this.contextRunner
			.withPropertyValues("grpc.request-log.rejected-calls.rows-per-address=5",
					"grpc.request-log.rejected-calls.window=30s", "grpc.request-log.rejected-calls.max-addresses=50")
			.run((context) -> {
				RejectedCallRowBudget budget = context.getBean(RejectedCallRowBudget.class);
				assertThat(budget.rowsPerAddress()).isEqualTo(5);
				assertThat(budget.window()).isEqualTo(Duration.ofSeconds(30));
				assertThat(context.getBean(GrpcRequestLogProperties.class).getRejectedCalls().getMaxAddresses())
					.isEqualTo(50);
			});
	}

	@Test
	void whenTheRejectedCallBudgetIsDisabledThenNoBudgetTaskOrMeter() {
		this.contextRunner.withPropertyValues("grpc.request-log.rejected-calls.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(RequestLogTracerFactory.class);
			assertThat(context).doesNotHaveBean(RejectedCallRowBudget.class);
			assertThat(context).doesNotHaveBean("grpcRejectedCallSummaryTask");
			assertThat(context).doesNotHaveBean(RejectedCallRowBudgetMetrics.class);
		});
	}

	@Test
	void whenGrpcServerIsDisabledThenNoRejectedCallBudget() {
		this.contextRunner.withPropertyValues("spring.grpc.server.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RejectedCallRowBudget.class));
	}

	@Test
	void whenRowsPerAddressIsNegativeThenStartupFailsNamingIt() {
		this.contextRunner.withPropertyValues("grpc.request-log.rejected-calls.rows-per-address=-1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("grpc.request-log.rejected-calls.rows-per-address must not be negative, was -1"));
	}

	@Test
	void whenTheRejectedCallWindowIsZeroThenStartupFailsNamingIt() {
		this.contextRunner.withPropertyValues("grpc.request-log.rejected-calls.window=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("grpc.request-log.rejected-calls.window must be positive"));
	}

	@Test
	void whenMaxAddressesIsZeroThenStartupFailsNamingIt() {
		this.contextRunner.withPropertyValues("grpc.request-log.rejected-calls.max-addresses=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("grpc.request-log.rejected-calls.max-addresses must be at least 1, was 0"));
	}

	@Test
	void whenUserDefinesTheRejectedCallBudgetThenOursBacksOffAndTheirsIsSummarisedAndMetered() {
		this.contextRunner.withUserConfiguration(UserBudget.class).run((context) -> {
			assertThat(context).hasSingleBean(RejectedCallRowBudget.class);
			assertThat(context).hasBean("userBudget");
			assertThat(context).hasBean("grpcRejectedCallSummaryTask");
			assertThat(context).hasSingleBean(RejectedCallRowBudgetMetrics.class);
		});
	}

	@Test
	void whenUserDefinesWriterThenOursBacksOff() {
		this.contextRunner.withUserConfiguration(UserWriter.class).run((context) -> {
			assertThat(context).hasSingleBean(RequestLogWriter.class);
			assertThat(context).hasBean("userWriter");
		});
	}

	@Test
	void whenUserDefinesRetentionTaskThenOursBacksOff() {
		Object own = new Object();
		this.contextRunner.withBean("grpcRequestLogRetentionTask", Object.class, () -> own)
			.run((context) -> assertThat(context.getBean("grpcRequestLogRetentionTask")).isSameAs(own));
	}

	@Test
	void whenUserDefinesStatisticsThenOursBacksOff() {
		this.contextRunner.withUserConfiguration(UserReaders.class).run((context) -> {
			assertThat(context).hasSingleBean(RequestLogStatistics.class);
			assertThat(context).hasBean("userStatistics");
		});
	}

	@Test
	void whenUserDefinesSearchThenOursBacksOff() {
		this.contextRunner.withUserConfiguration(UserReaders.class).run((context) -> {
			assertThat(context).hasSingleBean(RequestLogSearch.class);
			assertThat(context).hasBean("userSearch");
		});
	}

	@Test
	void whenUserDefinesWriterMetricsThenOursBacksOff() {
		this.contextRunner.withUserConfiguration(UserMetrics.class).run((context) -> {
			assertThat(context).hasSingleBean(RequestLogWriterMetrics.class);
			assertThat(context).hasBean("userMetrics");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserWriter {

		@Bean(destroyMethod = "close")
		RequestLogWriter userWriter(DataSource dataSource) {
			return new RequestLogWriter(new JdbcTemplate(dataSource), 10, 10, Duration.ofSeconds(1),
					Duration.ofSeconds(1));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserReaders {

		@Bean
		RequestLogStatistics userStatistics(DataSource dataSource) {
			return new RequestLogStatistics(new JdbcTemplate(dataSource));
		}

		@Bean
		RequestLogSearch userSearch(DataSource dataSource) {
			return new RequestLogSearch(new JdbcTemplate(dataSource));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBudget {

		@Bean
		RejectedCallRowBudget userBudget(RequestLogWriter writer) {
			return new RejectedCallRowBudget(writer, 1, Duration.ofMinutes(5), 100, () -> "user");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserMetrics {

		@Bean
		RequestLogWriterMetrics userMetrics(RequestLogWriter writer) {
			return new RequestLogWriterMetrics(writer);
		}

	}

}
