package dev.grpcstarter.autoconfigure.requestlog;

import dev.grpcstarter.core.requestlog.RequestLogWriter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code grpcRequestLog} health contributor, switched off with
 * {@code management.health.grpc-request-log.enabled=false}.
 */
@AutoConfiguration(after = GrpcRequestLogAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnEnabledHealthIndicator.class)
@ConditionalOnBean(RequestLogWriter.class)
@ConditionalOnEnabledHealthIndicator("grpc-request-log")
public final class GrpcRequestLogHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(value = RequestLogHealthIndicator.class, name = "grpcRequestLogHealthIndicator")
	RequestLogHealthIndicator grpcRequestLogHealthIndicator(RequestLogWriter writer) {
		return new RequestLogHealthIndicator(writer);
	}

}
