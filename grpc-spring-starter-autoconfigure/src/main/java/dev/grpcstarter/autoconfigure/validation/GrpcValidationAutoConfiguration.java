package dev.grpcstarter.autoconfigure.validation;

import build.buf.protovalidate.Validator;
import dev.grpcstarter.autoconfigure.condition.ConditionalOnGrpcServerEnabled;
import dev.grpcstarter.core.call.PipelineOrder;
import dev.grpcstarter.core.validation.ProtoRequestValidator;
import dev.grpcstarter.core.validation.RequestValidationInterceptor;
import io.grpc.BindableService;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * Request messages checked against their {@code buf.validate} rules, when protovalidate is
 * on the class path and {@code grpc.validation.enabled} is not {@code false}. Messages of
 * types without rules pass untouched, so the stage costs nothing where no .proto file uses
 * {@code buf.validate}.
 */
@AutoConfiguration(before = GrpcServerAutoConfiguration.class)
@ConditionalOnClass({ BindableService.class, Validator.class })
@ConditionalOnGrpcServerEnabled
@ConditionalOnBooleanProperty(name = "grpc.validation.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GrpcValidationProperties.class)
public final class GrpcValidationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ProtoRequestValidator grpcProtoRequestValidator(GrpcValidationProperties properties) {
		return new ProtoRequestValidator(properties.isNativeRules());
	}

	@Bean
	@GlobalServerInterceptor
	@Order(PipelineOrder.VALIDATION)
	@ConditionalOnMissingBean
	RequestValidationInterceptor grpcRequestValidationInterceptor(ProtoRequestValidator validator) {
		return new RequestValidationInterceptor(validator);
	}

}
