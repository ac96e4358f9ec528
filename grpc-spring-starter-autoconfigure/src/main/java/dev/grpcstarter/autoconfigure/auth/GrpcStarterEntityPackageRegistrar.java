package dev.grpcstarter.autoconfigure.auth;

import java.util.List;

import dev.grpcstarter.core.apikey.ApiKey;
import dev.grpcstarter.core.audit.AdminAuditRecord;
import dev.grpcstarter.core.requestlog.RequestLogRow;
import dev.grpcstarter.core.status.ServerInstanceRow;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.persistence.autoconfigure.EntityScanPackages;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.util.ClassUtils;

/**
 * Adds the packages of the starter's entities (and read-only repositories) to the
 * application's auto-configuration packages, so Spring Boot's JPA entity scan, and its
 * repository scan when Spring Data JPA is there, include the starter's tables.
 *
 * <p>An application with {@code @EntityScan} scans only the packages it lists; when its
 * {@code @EntityScan} has been registered by now (it is on the application's own
 * configuration, which Spring reads before any auto-configuration), the starter's packages
 * are added to it as well.
 */
final class GrpcStarterEntityPackageRegistrar implements ImportBeanDefinitionRegistrar {

	static final List<String> PACKAGES = List.of(ApiKey.class.getPackageName(),
			RequestLogRow.class.getPackageName(), ServerInstanceRow.class.getPackageName(),
			AdminAuditRecord.class.getPackageName());

	private static final String ENTITY_SCAN_PACKAGES = "org.springframework.boot.persistence.autoconfigure.EntityScanPackages";

	@Override
	public void registerBeanDefinitions(AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
		AutoConfigurationPackages.register(registry, PACKAGES.toArray(String[]::new));
		if (ClassUtils.isPresent(ENTITY_SCAN_PACKAGES, getClass().getClassLoader())
				&& registry.containsBeanDefinition(ENTITY_SCAN_PACKAGES)) {
			EntityScanPackages.register(registry, PACKAGES);
		}
	}

}
