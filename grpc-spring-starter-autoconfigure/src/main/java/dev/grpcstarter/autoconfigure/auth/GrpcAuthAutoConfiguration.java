package dev.grpcstarter.autoconfigure.auth;

import java.time.Clock;
import java.util.List;

import dev.grpcstarter.autoconfigure.call.GrpcClientAddressAutoConfiguration;
import dev.grpcstarter.autoconfigure.condition.ConditionalOnGrpcServerEnabled;
import dev.grpcstarter.autoconfigure.service.GrpcServicesAutoConfiguration;
import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.ApiKeyUsageRecorder;
import dev.grpcstarter.core.auth.ApiKeyAdmission;
import dev.grpcstarter.core.auth.ApiKeyAuthInterceptor;
import dev.grpcstarter.core.auth.ApiKeyAuthenticationExceptionHandler;
import dev.grpcstarter.core.auth.ApiKeyAuthenticationExtractor;
import dev.grpcstarter.core.auth.ApiKeyAuthenticationProvider;
import dev.grpcstarter.core.auth.AuthenticatedCallInterceptor;
import dev.grpcstarter.core.auth.ApiKeyAuthenticator;
import dev.grpcstarter.core.auth.AuthorityLevels;
import dev.grpcstarter.core.auth.CallPrincipalBinder;
import dev.grpcstarter.core.auth.FailedAttemptThrottle;
import dev.grpcstarter.core.auth.KeyLookupExecutor;
import dev.grpcstarter.core.auth.KeyLookupMetrics;
import dev.grpcstarter.core.auth.MasterKey;
import dev.grpcstarter.core.auth.MethodAccessRules;
import dev.grpcstarter.core.auth.OwnerResolver;
import dev.grpcstarter.core.auth.SecurityContextPrincipalBinder;
import dev.grpcstarter.core.auth.UserDetailsOwnerResolver;
import dev.grpcstarter.core.call.ClientAddressResolver;
import dev.grpcstarter.core.call.GrpcServiceCatalog;
import dev.grpcstarter.core.call.PipelineOrder;
import dev.grpcstarter.core.ratelimit.CallLimiter;
import io.grpc.BindableService;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * Authentication of every gRPC call by API key, and the principal in the call context (and
 * in Spring Security's context when it is present). When the application has its own gRPC
 * security (Spring gRPC's {@code AuthenticationProcessInterceptor}), the API key joins it as
 * one more mechanism instead, and the starter's interceptor only carries the call's
 * {@code Authentication} into the call context and the request log.
 */
// After the resource server: its JWT decoder means Spring Boot builds a gRPC security interceptor.
@AutoConfiguration(
		after = { GrpcApiKeyAutoConfiguration.class, GrpcClientAddressAutoConfiguration.class,
				GrpcServicesAutoConfiguration.class },
		afterName = "org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration",
		before = GrpcServerAutoConfiguration.class)
@ConditionalOnClass(BindableService.class)
@ConditionalOnGrpcServerEnabled
@EnableConfigurationProperties(GrpcAuthProperties.class)
public final class GrpcAuthAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(GrpcAuthAutoConfiguration.class);

	private static final String GRPC_SECURITY = "org.springframework.grpc.server.security.GrpcSecurity";

	@Bean
	@ConditionalOnMissingBean
	AuthorityLevels grpcAuthorityLevels(GrpcAuthProperties properties) {
		return new AuthorityLevels(properties.getStaffAuthority(), properties.getSuperuserAuthority());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ApiKeyService.class)
	@ConditionalOnBooleanProperty(name = "grpc.auth.enabled", matchIfMissing = true)
	static class ApiKeyAuthenticationConfiguration {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		KeyLookupExecutor grpcKeyLookupExecutor(GrpcAuthProperties properties) {
			GrpcAuthProperties.Lookup lookup = properties.getLookup();
			GrpcAuthProperties.CircuitBreaker breaker = lookup.getCircuitBreaker();
			return new KeyLookupExecutor(
					KeyLookupExecutor.circuitBreaker(breaker.getFailureRateThreshold(), breaker.getSlidingWindowSize(),
							breaker.getMinimumNumberOfCalls(), breaker.getWaitDurationInOpenState()),
					lookup.getTimeout(), lookup.getThreads(), lookup.getQueueCapacity());
		}

		@Bean
		@ConditionalOnMissingBean
		ApiKeyAuthenticator apiKeyAuthenticator(ApiKeyService keys, OwnerResolver owners, AuthorityLevels levels,
				GrpcAuthProperties properties, KeyLookupExecutor lookups, Environment environment) {
			ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(keys, owners,
					masterKey(properties, levels, environment), properties.getCacheTtl(), properties.getStaleIfError(),
					lookups, Clock.systemUTC());
			keys.addChangeListener(authenticator);
			return authenticator;
		}

		/**
		 * The first lookup of a JVM can take longer than the lookup timeout (query
		 * compilation, class loading, first connection): done once before the server
		 * starts, so that no caller pays for it with UNAVAILABLE.
		 */
		@Bean
		static SmartInitializingSingleton grpcApiKeyLookupWarmUp(ObjectProvider<ApiKeyAuthenticator> authenticator) {
			return () -> authenticator.ifAvailable(ApiKeyAuthenticator::warmUp);
		}

		@Bean
		@ConditionalOnMissingBean
		FailedAttemptThrottle grpcFailedAttemptThrottle(GrpcAuthProperties properties) {
			return new FailedAttemptThrottle(properties.getFailedAttempts().getMax(),
					properties.getFailedAttempts().getWindow());
		}

		@Bean
		@ConditionalOnMissingBean
		MethodAccessRules grpcMethodAccessRules(GrpcAuthProperties properties, GrpcServiceCatalog catalog) {
			return new MethodAccessRules(properties.isRequireAuth(), properties.getPublicMethods(),
					properties.isPublicInfrastructure(), catalog);
		}

		@Bean
		@GlobalServerInterceptor
		@Order(PipelineOrder.AUTHENTICATION)
		@ConditionalOnMissingBean
		@Conditional(ApplicationGrpcSecurityCondition.Absent.class)
		ApiKeyAuthInterceptor apiKeyAuthInterceptor(GrpcAuthProperties properties, MethodAccessRules rules,
				ApiKeyAuthenticator authenticator, CallLimiter limiter, FailedAttemptThrottle throttle,
				ApiKeyUsageRecorder usage, CallPrincipalBinder binder, ClientAddressResolver addresses) {
			// Rate limits and quotas come from GrpcRateLimitAutoConfiguration.
			return new ApiKeyAuthInterceptor(properties.getHeader(), rules, authenticator, limiter, throttle, usage,
					binder, addresses);
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = { GRPC_SECURITY, ApplicationGrpcSecurityCondition.SECURITY_CONFIG })
		static class ApiKeyGrpcSecurityConfiguration {

			@Bean
			@ConditionalOnMissingBean
			ApiKeyAuthenticationExtractor apiKeyAuthenticationExtractor(GrpcAuthProperties properties,
					ClientAddressResolver addresses) {
				return new ApiKeyAuthenticationExtractor(properties.getHeader(), addresses);
			}

			// Not an AuthenticationProvider bean: Spring Security would make it a provider of
			// the application's global (web) authentication manager too.
			@Bean
			@ConditionalOnMissingBean
			ApiKeyGrpcSecurityConfigurer apiKeyGrpcSecurityConfigurer(ApiKeyAuthenticationExtractor extractor,
					ApiKeyAuthenticator authenticator, CallLimiter limiter, FailedAttemptThrottle throttle,
					ApiKeyUsageRecorder usage) {
				return new ApiKeyGrpcSecurityConfigurer(extractor, new ApiKeyAuthenticationProvider(
						new ApiKeyAdmission(authenticator, limiter, throttle, usage)));
			}

			@Bean
			static ApiKeyGrpcSecurityPostProcessor apiKeyGrpcSecurityPostProcessor(
					ObjectProvider<ApiKeyGrpcSecurityConfigurer> configurer) {
				return new ApiKeyGrpcSecurityPostProcessor(configurer);
			}

			@Bean
			@ConditionalOnMissingBean
			ApiKeyAuthenticationExceptionHandler apiKeyAuthenticationExceptionHandler() {
				return new ApiKeyAuthenticationExceptionHandler();
			}

		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(MeterRegistry.class)
		static class KeyLookupMetricsConfiguration {

			@Bean
			@ConditionalOnMissingBean
			KeyLookupMetrics grpcKeyLookupMetrics(KeyLookupExecutor lookups, ApiKeyAuthenticator authenticator) {
				return new KeyLookupMetrics(lookups, authenticator);
			}

		}

		private static @Nullable MasterKey masterKey(GrpcAuthProperties properties, AuthorityLevels levels,
				Environment environment) {
			String secret = properties.getMasterKey();
			if (secret == null || secret.isEmpty()) {
				return null;
			}
			// Its length is checked when the properties are bound; the profile only exists at runtime.
			if (environment.acceptsProfiles(Profiles.of("prod")) && !properties.isMasterKeyAllowedInProd()) {
				throw new MasterKeyInProductionException();
			}
			MasterKey masterKey = new MasterKey(secret, levels.principal(properties.getMasterKeyPrincipal(),
					List.of(levels.superuserAuthority(), levels.staffAuthority()), null));
			logger.warn("grpc.auth.master-key is set: any caller holding it acts as superuser '{}'."
					+ " Use it for development and internal calls only.", properties.getMasterKeyPrincipal());
			return masterKey;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = GRPC_SECURITY)
	@Conditional(ApplicationGrpcSecurityCondition.class)
	static class ApplicationGrpcSecurityCallConfiguration {

		@Bean
		@GlobalServerInterceptor
		@Order(PipelineOrder.AUTHENTICATION)
		@ConditionalOnMissingBean
		AuthenticatedCallInterceptor grpcAuthenticatedCallInterceptor(AuthorityLevels levels) {
			return new AuthenticatedCallInterceptor(levels);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(UserDetailsService.class)
	static class SecurityOwnerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(ApiKeyService.class)
		OwnerResolver grpcOwnerResolver(ConfigurableListableBeanFactory beanFactory, AuthorityLevels levels) {
			UserDetailsService users = ApplicationUserDetails.find(beanFactory);
			return (users != null) ? new UserDetailsOwnerResolver(users, levels)
					: OwnerResolver.fromStoredAuthorities(levels);
		}

		@Bean
		@ConditionalOnMissingBean
		CallPrincipalBinder grpcCallPrincipalBinder() {
			return new SecurityContextPrincipalBinder();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.security.core.userdetails.UserDetailsService")
	static class PlainOwnerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(ApiKeyService.class)
		OwnerResolver grpcOwnerResolver(AuthorityLevels levels) {
			return OwnerResolver.fromStoredAuthorities(levels);
		}

		@Bean
		@ConditionalOnMissingBean
		CallPrincipalBinder grpcCallPrincipalBinder() {
			return CallPrincipalBinder.grpcContext();
		}

	}

}
