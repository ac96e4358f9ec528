package dev.grpcstarter.autoconfigure.pipeline;

import java.util.UUID;

import dev.grpcstarter.autoconfigure.service.GrpcServicesAutoConfiguration;
import dev.grpcstarter.core.call.GrpcServiceCatalog;
import dev.grpcstarter.core.pipeline.ReadOnlyTransactionInterceptor;
import io.grpc.BindableService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcReadOnlyTransactionAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, GrpcServicesAutoConfiguration.class,
				GrpcReadOnlyTransactionAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID());

	@Test
	void whenTransactionManagerExistsThenInterceptorIsRegistered() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(ReadOnlyTransactionInterceptor.class));
	}

	@Test
	void whenNoTransactionManagerThenNoInterceptor() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GrpcServicesAutoConfiguration.class,
					GrpcReadOnlyTransactionAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(GrpcReadOnlyTransactionAutoConfiguration.class);
				assertThat(context).doesNotHaveBean(ReadOnlyTransactionInterceptor.class);
			});
	}

	@Test
	void whenGrpcServerIsDisabledThenNoInterceptor() {
		this.contextRunner.withPropertyValues("spring.grpc.server.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ReadOnlyTransactionInterceptor.class));
	}

	@Test
	void whenGrpcIsAbsentThenNothingIsConfigured() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(BindableService.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcReadOnlyTransactionAutoConfiguration.class));
	}

	@Test
	void whenSpringTransactionsAreAbsentThenNothingIsConfigured() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(PlatformTransactionManager.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcReadOnlyTransactionAutoConfiguration.class));
	}

	@Test
	void whenUserDefinesInterceptorThenOursBacksOff() {
		ReadOnlyTransactionInterceptor own = new ReadOnlyTransactionInterceptor(
				new GrpcServiceCatalog(new DefaultListableBeanFactory()), new DataSourceTransactionManager());
		this.contextRunner.withBean(ReadOnlyTransactionInterceptor.class, () -> own)
			.run((context) -> assertThat(context.getBean(ReadOnlyTransactionInterceptor.class)).isSameAs(own));
	}

}
