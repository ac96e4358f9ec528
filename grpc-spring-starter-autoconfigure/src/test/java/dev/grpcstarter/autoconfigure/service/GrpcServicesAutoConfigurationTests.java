package dev.grpcstarter.autoconfigure.service;

import java.util.List;

import dev.grpcstarter.core.call.GrpcServiceCatalog;
import dev.grpcstarter.core.service.PackageScopedGrpcServiceDiscoverer;
import dev.grpcstarter.it.app.EchoGrpcService;
import dev.grpcstarter.it.external.PingGrpcService;
import io.grpc.BindableService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerServicesAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.GrpcServerFactory;
import org.springframework.grpc.server.service.GrpcServiceDiscoverer;
import org.springframework.grpc.server.service.GrpcServiceSpec;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcServicesAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, GrpcServicesAutoConfiguration.class,
				GrpcServerServicesAutoConfiguration.class, GrpcServerAutoConfiguration.class))
		.withPropertyValues("spring.grpc.server.port=0");

	@Test
	void whenDefaultsThenPackageScopedDiscovererReplacesBootsOwn() {
		this.contextRunner.withBean(EchoGrpcService.class).run((context) -> {
			assertThat(context).hasSingleBean(GrpcServiceDiscoverer.class);
			assertThat(context).hasSingleBean(PackageScopedGrpcServiceDiscoverer.class);
			assertThat(context.getBean(GrpcServicesProperties.class).isAutoRegister()).isTrue();
			assertThat(context.getBean(GrpcServicesProperties.class).getPackages()).isEmpty();
		});
	}

	@Test
	void whenPackagesAreSetThenTheyAreBound() {
		this.contextRunner.withBean(EchoGrpcService.class)
			.withPropertyValues("grpc.services.packages=com.example.a,com.example.b",
					"grpc.services.auto-register=false")
			.run((context) -> {
				GrpcServicesProperties properties = context.getBean(GrpcServicesProperties.class);
				assertThat(properties.getPackages()).containsExactly("com.example.a", "com.example.b");
				assertThat(properties.isAutoRegister()).isFalse();
			});
	}

	@Test
	void whenPackagesAreSetThenTheirServicesBecomeBeans() {
		this.contextRunner.withPropertyValues("grpc.services.packages=dev.grpcstarter.it.external")
			.run((context) -> assertThat(context).hasSingleBean(PingGrpcService.class));
	}

	@Test
	void whenOnlyScannedServicesExistThenBootStartsItsServer() {
		this.contextRunner.withPropertyValues("grpc.services.packages=dev.grpcstarter.it.external")
			.run((context) -> assertThat(context)
				.hasSingleBean(org.springframework.grpc.server.lifecycle.GrpcServerLifecycle.class));
	}

	@Test
	void whenPackagesAreSetThenServicesOutsideThemAreFilteredOut() {
		this.contextRunner.withBean(EchoGrpcService.class)
			.withPropertyValues("grpc.services.packages=dev.grpcstarter.it.external")
			.run((context) -> assertThat(serviceClasses(context.getBean(GrpcServiceDiscoverer.class)))
				.contains(PingGrpcService.class)
				.doesNotContain(EchoGrpcService.class));
	}

	@Test
	void whenAutoRegisterIsOffThenPackagesAreNotScanned() {
		this.contextRunner.withBean(EchoGrpcService.class)
			.withPropertyValues("grpc.services.packages=dev.grpcstarter.it.external",
					"grpc.services.auto-register=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(PingGrpcService.class);
				assertThat(serviceClasses(context.getBean(GrpcServiceDiscoverer.class))).contains(EchoGrpcService.class);
			});
	}

	@Test
	void whenServiceIsAlreadyComponentScannedThenItIsNotRegisteredTwice() {
		this.contextRunner.withBean(PingGrpcService.class)
			.withPropertyValues("grpc.services.packages=dev.grpcstarter.it.external")
			.run((context) -> assertThat(context).hasSingleBean(PingGrpcService.class));
	}

	@Test
	void whenUserDefinesDiscovererThenOursBacksOff() {
		this.contextRunner.withBean(EchoGrpcService.class)
			.withUserConfiguration(UserDiscoverer.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(GrpcServiceDiscoverer.class);
				assertThat(context).doesNotHaveBean(PackageScopedGrpcServiceDiscoverer.class);
			});
	}

	@Test
	void whenGrpcServerIsDisabledThenNothingIsConfigured() {
		this.contextRunner.withPropertyValues("spring.grpc.server.enabled=false",
				"grpc.services.packages=dev.grpcstarter.it.external")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(PackageScopedGrpcServiceDiscoverer.class);
				assertThat(context).doesNotHaveBean(PingGrpcService.class);
			});
	}

	@Test
	void whenDefaultsThenTheServiceCatalogIsRegistered() {
		this.contextRunner.withBean(EchoGrpcService.class).run((context) -> {
			assertThat(context).hasSingleBean(GrpcServiceCatalog.class);
			assertThat(context.getBean(GrpcServiceCatalog.class).serviceIs("test.v1.EchoService/Echo",
					EchoGrpcService.class)).isTrue();
		});
	}

	@Test
	void whenUserDefinesServiceCatalogThenOursBacksOff() {
		GrpcServiceCatalog own = new GrpcServiceCatalog(new DefaultListableBeanFactory());
		this.contextRunner.withBean(EchoGrpcService.class)
			.withBean(GrpcServiceCatalog.class, () -> own)
			.run((context) -> assertThat(context.getBean(GrpcServiceCatalog.class)).isSameAs(own));
	}

	@Test
	void whenGrpcIsAbsentThenNothingIsConfigured() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(BindableService.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcServicesAutoConfiguration.class));
	}

	@Test
	void whenSpringGrpcIsAbsentThenNothingIsConfigured() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GrpcServicesAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(GrpcServerFactory.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcServicesAutoConfiguration.class));
	}

	private static List<Class<?>> serviceClasses(GrpcServiceDiscoverer discoverer) {
		return discoverer.findServices().stream().map(GrpcServiceSpec::service).<Class<?>>map(Object::getClass).toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserDiscoverer {

		@Bean
		GrpcServiceDiscoverer userDiscoverer() {
			return new GrpcServiceDiscoverer() {
				@Override
				public List<GrpcServiceSpec> findServices() {
					return List.of();
				}

				@Override
				public List<String> listServiceNames() {
					return List.of();
				}
			};
		}

	}

}
