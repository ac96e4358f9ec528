package dev.grpcstarter.autoconfigure.auth;

import java.util.List;

import dev.grpcstarter.core.apikey.ApiKey;
import dev.grpcstarter.core.audit.AdminAuditRecord;
import dev.grpcstarter.core.requestlog.RequestLogRow;
import dev.grpcstarter.core.status.ServerInstanceRow;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.persistence.autoconfigure.EntityScanPackages;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.util.ClassUtils;

/**
 * Adds the packages of the starter's entities to the packages Spring Boot's JPA entity
 * scan reads, so Hibernate maps the starter's tables beside the application's own.
 *
 * <p>They go to the entity-scan packages only, never to the application's
 * auto-configuration packages: every Spring Data module scans those for repositories, and
 * Spring Data Redis (which an application adds for the Redis rate-limit engine) would then
 * read the starter's JPA repository interfaces, and fail to start without Spring Data JPA.
 * The starter's repositories have their own scan
 * ({@code GrpcDataJpaRepositoriesAutoConfiguration}).
 *
 * <p>An application with {@code @EntityScan} scans only the packages it lists; its
 * {@code @EntityScan} is registered by now (it is on the application's own configuration,
 * which Spring reads before any auto-configuration), and the starter's packages are added
 * to it. Without one, Spring Boot would scan the auto-configuration packages, so those are
 * added to the entity-scan packages too, once every configuration class has been read
 * ({@link ApplicationPackagesEntityScan}), and the application's entities are still found.
 */
final class GrpcStarterEntityPackageRegistrar implements ImportBeanDefinitionRegistrar {

	static final List<String> PACKAGES = List.of(ApiKey.class.getPackageName(),
			RequestLogRow.class.getPackageName(), ServerInstanceRow.class.getPackageName(),
			AdminAuditRecord.class.getPackageName());

	private static final String ENTITY_SCAN_PACKAGES = "org.springframework.boot.persistence.autoconfigure.EntityScanPackages";

	@Override
	public void registerBeanDefinitions(AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
		if (!ClassUtils.isPresent(ENTITY_SCAN_PACKAGES, getClass().getClassLoader())) {
			return;
		}
		boolean applicationScans = registry.containsBeanDefinition(ENTITY_SCAN_PACKAGES);
		EntityScanPackages.register(registry, PACKAGES);
		if (!applicationScans) {
			registry.registerBeanDefinition(ApplicationPackagesEntityScan.class.getName(),
					new RootBeanDefinition(ApplicationPackagesEntityScan.class));
		}
	}

	/**
	 * Adds the application's auto-configuration packages to the entity-scan packages, after
	 * every configuration class has been read, so none registered late is missed.
	 */
	static final class ApplicationPackagesEntityScan implements BeanDefinitionRegistryPostProcessor {

		@Override
		public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
			if (registry instanceof BeanFactory beanFactory && AutoConfigurationPackages.has(beanFactory)) {
				EntityScanPackages.register(registry, AutoConfigurationPackages.get(beanFactory));
			}
		}

	}

}
