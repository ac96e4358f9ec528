package dev.grpcstarter.autoconfigure.jpa;

import jakarta.persistence.EntityManagerFactory;

import dev.grpcstarter.autoconfigure.auth.GrpcApiKeyAutoConfiguration;
import dev.grpcstarter.core.apikey.ApiKeyRepository;
import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.audit.AdminAuditRepository;
import dev.grpcstarter.core.requestlog.RequestLogRepository;
import dev.grpcstarter.core.status.ServerInstanceRepository;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/**
 * The starter's read-only repositories ({@link ApiKeyRepository},
 * {@link RequestLogRepository}, {@link ServerInstanceRepository},
 * {@link AdminAuditRepository}), registered by this scan of their own: the starter's
 * packages are not among the application's auto-configuration packages (every Spring Data
 * module would scan them, Spring Data Redis too), so Spring Boot's repository scan does not
 * find them, and an application's own {@code @EnableJpaRepositories} turns Boot's scan off
 * anyway. Backs off when the application defines a {@link RequestLogRepository} itself.
 *
 * <p>They come with the API-key auto-configuration, which registers the starter's entity
 * packages: where it is excluded, so are they.
 *
 * <p>They use the persistence unit named {@code entityManagerFactory}, Spring Boot's
 * default, which must be the one holding the starter's tables.
 */
@AutoConfiguration(after = { HibernateJpaAutoConfiguration.class, DataJpaRepositoriesAutoConfiguration.class,
		GrpcApiKeyAutoConfiguration.class })
@ConditionalOnClass(JpaRepository.class)
@ConditionalOnBean({ EntityManagerFactory.class, ApiKeyService.class })
@ConditionalOnBooleanProperty(name = "spring.data.jpa.repositories.enabled", matchIfMissing = true)
@ConditionalOnMissingBean(RequestLogRepository.class)
@EnableJpaRepositories(basePackageClasses = { ApiKeyRepository.class, RequestLogRepository.class,
		ServerInstanceRepository.class, AdminAuditRepository.class })
public final class GrpcDataJpaRepositoriesAutoConfiguration {

}
