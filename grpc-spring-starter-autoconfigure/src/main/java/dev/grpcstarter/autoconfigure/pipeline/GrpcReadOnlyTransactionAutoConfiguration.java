package dev.grpcstarter.autoconfigure.pipeline;

import dev.grpcstarter.autoconfigure.condition.ConditionalOnGrpcServerEnabled;
import dev.grpcstarter.autoconfigure.service.GrpcServicesAutoConfiguration;
import dev.grpcstarter.core.call.GrpcServiceCatalog;
import dev.grpcstarter.core.call.PipelineOrder;
import dev.grpcstarter.core.pipeline.ReadOnlyTransactionInterceptor;
import io.grpc.BindableService;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Calls to a {@code ReadOnlyService} run in a read-only transaction, when the application
 * has a transaction manager. Runs after the auto-configurations that create one.
 */
@AutoConfiguration(
		after = { GrpcServicesAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class },
		before = GrpcServerAutoConfiguration.class)
@ConditionalOnClass({ BindableService.class, PlatformTransactionManager.class })
@ConditionalOnGrpcServerEnabled
public final class GrpcReadOnlyTransactionAutoConfiguration {

	@Bean
	@GlobalServerInterceptor
	@Order(PipelineOrder.READ_ONLY_TRANSACTION)
	@ConditionalOnMissingBean
	@ConditionalOnBean(PlatformTransactionManager.class)
	ReadOnlyTransactionInterceptor grpcReadOnlyTransactionInterceptor(GrpcServiceCatalog catalog,
			PlatformTransactionManager transactionManager) {
		return new ReadOnlyTransactionInterceptor(catalog, transactionManager);
	}

}
