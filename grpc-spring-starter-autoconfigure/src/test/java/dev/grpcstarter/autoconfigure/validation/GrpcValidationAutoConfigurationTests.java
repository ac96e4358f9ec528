package dev.grpcstarter.autoconfigure.validation;

import build.buf.protovalidate.Validator;
import dev.grpcstarter.core.call.PipelineOrder;
import dev.grpcstarter.core.validation.ProtoRequestValidator;
import dev.grpcstarter.core.validation.RequestValidationInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcValidationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcValidationAutoConfiguration.class));

	@Test
	void whenProtovalidateIsPresentThenRequestsAreValidatedAfterAuthentication() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RequestValidationInterceptor.class)
				.hasSingleBean(ProtoRequestValidator.class);
			Order order = AnnotationUtils.findAnnotation(GrpcValidationAutoConfiguration.class
				.getDeclaredMethod("grpcRequestValidationInterceptor", ProtoRequestValidator.class), Order.class);
			assertThat(order.value()).isEqualTo(PipelineOrder.VALIDATION).isGreaterThan(PipelineOrder.AUTHENTICATION);
		});
	}

	@Test
	void whenSwitchedOffThenNoValidation() {
		this.contextRunner.withPropertyValues("grpc.validation.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RequestValidationInterceptor.class));
	}

	@Test
	void whenProtovalidateIsMissingThenNoValidation() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Validator.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RequestValidationInterceptor.class));
	}

	@Test
	void whenServerIsSwitchedOffThenNoValidation() {
		this.contextRunner.withPropertyValues("spring.grpc.server.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RequestValidationInterceptor.class));
	}

	@Test
	void whenApplicationDefinesItsOwnValidatorThenItIsUsed() {
		this.contextRunner.withUserConfiguration(OwnValidator.class)
			.run((context) -> assertThat(context).getBean(ProtoRequestValidator.class)
				.isSameAs(context.getBean(OwnValidator.class).validator));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnValidator {

		final ProtoRequestValidator validator = new ProtoRequestValidator();

		@Bean
		ProtoRequestValidator myValidator() {
			return this.validator;
		}

	}

}
