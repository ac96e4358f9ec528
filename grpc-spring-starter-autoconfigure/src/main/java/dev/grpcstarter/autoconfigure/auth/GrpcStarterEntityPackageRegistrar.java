package dev.grpcstarter.autoconfigure.auth;

import dev.grpcstarter.core.apikey.ApiKey;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Adds the starter's entity package to the application's auto-configuration packages, so
 * Spring Boot's JPA entity scan includes the starter's tables. An application that uses
 * {@code @EntityScan} must list {@code dev.grpcstarter.core} itself.
 */
final class GrpcStarterEntityPackageRegistrar implements ImportBeanDefinitionRegistrar {

	@Override
	public void registerBeanDefinitions(AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
		AutoConfigurationPackages.register(registry, ApiKey.class.getPackageName());
	}

}
