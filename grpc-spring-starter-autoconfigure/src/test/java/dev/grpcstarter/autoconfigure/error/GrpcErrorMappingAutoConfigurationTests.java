package dev.grpcstarter.autoconfigure.error;

import dev.grpcstarter.core.error.DefaultGrpcExceptionHandler;
import dev.grpcstarter.core.pipeline.MalformedRequestGuard;
import dev.grpcstarter.core.pipeline.RequestIdInterceptor;
import dev.grpcstarter.core.pipeline.UnimplementedMethodRegistry;
import dev.grpcstarter.it.app.EchoGrpcService;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.grpc.server.GrpcServerFactory;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;
import org.springframework.grpc.server.service.GrpcServiceConfigurer;
import org.springframework.grpc.server.service.GrpcServiceSpec;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcErrorMappingAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(SslAutoConfiguration.class, GrpcServerAutoConfiguration.class, GrpcErrorMappingAutoConfiguration.class))
		.withBean(EchoGrpcService.class)
		.withPropertyValues("spring.grpc.server.port=0");

	@Test
	void whenDefaultsThenHandlerRequestIdInterceptorAndUnimplementedMethodRegistryAreRegistered() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(DefaultGrpcExceptionHandler.class);
			assertThat(context).hasSingleBean(RequestIdInterceptor.class);
			assertThat(context).hasSingleBean(UnimplementedMethodRegistry.class);
			assertThat(context).hasBean("grpcUnimplementedMethodRegistration");
			// No request log here: the pipeline opens each call's request context itself.
			assertThat(context).hasBean("grpcRequestContextTracerRegistration");
		});
	}

	@Test
	void whenAServiceIsConfiguredThenItsRequestMarshallersAreGuarded() {
		this.contextRunner.run((context) -> {
			ServerServiceDefinition service = context.getBean(GrpcServiceConfigurer.class)
				.configure(new GrpcServiceSpec(new EchoGrpcService(), null), null);
			assertThat(service.getMethods()).isNotEmpty()
				.allSatisfy((method) -> assertThat(method.getMethodDescriptor().getRequestMarshaller().getClass().getName())
					.startsWith(MalformedRequestGuard.class.getName()));
		});
	}

	@Test
	void whenUserDefinesHandlerThenDefaultHandlerIsLastInTheList() {
		GrpcExceptionHandler userHandler = (ex) -> new StatusException(Status.ABORTED);
		this.contextRunner.withBean("userHandler", GrpcExceptionHandler.class, () -> userHandler).run((context) -> {
			assertThat(context.getBeanProvider(GrpcExceptionHandler.class).orderedStream().toList()).last()
				.isInstanceOf(DefaultGrpcExceptionHandler.class);
		});
	}

	@Test
	void whenUserDefinesTheDefaultHandlerThenOursBacksOff() {
		DefaultGrpcExceptionHandler own = new DefaultGrpcExceptionHandler(java.util.List.of());
		this.contextRunner.withBean(DefaultGrpcExceptionHandler.class, () -> own)
			.run((context) -> assertThat(context.getBean(DefaultGrpcExceptionHandler.class)).isSameAs(own));
	}

	@Test
	void whenUserDefinesRequestIdInterceptorThenOursBacksOff() {
		RequestIdInterceptor own = new RequestIdInterceptor();
		this.contextRunner.withBean(RequestIdInterceptor.class, () -> own)
			.run((context) -> assertThat(context.getBean(RequestIdInterceptor.class)).isSameAs(own));
	}

	@Test
	void whenGrpcServerIsDisabledThenNothingIsConfigured() {
		this.contextRunner.withPropertyValues("spring.grpc.server.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(DefaultGrpcExceptionHandler.class);
			assertThat(context).doesNotHaveBean(RequestIdInterceptor.class);
			assertThat(context).doesNotHaveBean(UnimplementedMethodRegistry.class);
		});
	}

	@Test
	void whenGrpcIsAbsentThenNothingIsConfigured() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GrpcErrorMappingAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(BindableService.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcErrorMappingAutoConfiguration.class));
	}

	@Test
	void whenSpringGrpcIsAbsentThenNothingIsConfigured() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GrpcErrorMappingAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(GrpcServerFactory.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcErrorMappingAutoConfiguration.class));
	}

}
