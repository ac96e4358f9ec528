package dev.grpcstarter.autoconfigure.service;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.grpcstarter.core.service.GrpcServicePackageScanner;
import org.springframework.beans.factory.annotation.AnnotatedGenericBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.AnnotationBeanNameGenerator;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers the {@code @GrpcService} classes of {@code grpc.services.packages} as beans,
 * including those outside the application's component scan. It runs while auto-configuration
 * is loaded, before Spring Boot's gRPC server decides whether there are services to serve.
 */
final class GrpcServicePackageRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, ResourceLoaderAware {

	@SuppressWarnings("NullAway.Init")
	private Environment environment;

	@SuppressWarnings("NullAway.Init")
	private ResourceLoader resourceLoader;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setResourceLoader(ResourceLoader resourceLoader) {
		this.resourceLoader = resourceLoader;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
		GrpcServicesProperties properties = Binder.get(this.environment)
			.bindOrCreate("grpc.services", GrpcServicesProperties.class);
		if (!properties.isAutoRegister() || properties.getPackages().isEmpty()) {
			return;
		}
		List<Class<?>> services = new GrpcServicePackageScanner(this.environment, this.resourceLoader)
			.scan(properties.getPackages());
		Set<String> registered = registeredClassNames(registry);
		for (Class<?> service : services) {
			if (registered.contains(service.getName())) {
				continue;
			}
			AnnotatedGenericBeanDefinition definition = new AnnotatedGenericBeanDefinition(service);
			String name = AnnotationBeanNameGenerator.INSTANCE.generateBeanName(definition, registry);
			registry.registerBeanDefinition(name, definition);
		}
	}

	private static Set<String> registeredClassNames(BeanDefinitionRegistry registry) {
		Set<String> names = new HashSet<>();
		for (String beanName : registry.getBeanDefinitionNames()) {
			String className = registry.getBeanDefinition(beanName).getBeanClassName();
			if (className != null) {
				names.add(className);
			}
		}
		return names;
	}

}
