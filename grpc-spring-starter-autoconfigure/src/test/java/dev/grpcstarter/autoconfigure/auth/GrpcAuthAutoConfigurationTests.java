package dev.grpcstarter.autoconfigure.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.grpcstarter.autoconfigure.call.GrpcClientAddressAutoConfiguration;
import dev.grpcstarter.autoconfigure.ratelimit.GrpcRateLimitAutoConfiguration;
import dev.grpcstarter.autoconfigure.schema.GrpcStarterSchemaAutoConfiguration;
import dev.grpcstarter.autoconfigure.service.GrpcServicesAutoConfiguration;
import dev.grpcstarter.autoconfigure.background.GrpcBackgroundAutoConfiguration;
import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.ApiKeyUsageRecorder;
import dev.grpcstarter.core.auth.ApiKeyAuthInterceptor;
import dev.grpcstarter.core.auth.ApiKeyAuthenticationExceptionHandler;
import dev.grpcstarter.core.auth.ApiKeyAuthenticationExtractor;
import dev.grpcstarter.core.auth.AuthenticatedCallInterceptor;
import dev.grpcstarter.core.auth.ApiKeyAuthenticator;
import dev.grpcstarter.core.auth.AuthorityLevels;
import dev.grpcstarter.core.auth.CallPrincipalBinder;
import dev.grpcstarter.core.auth.FailedAttemptThrottle;
import dev.grpcstarter.core.auth.KeyLookupExecutor;
import dev.grpcstarter.core.auth.KeyLookupMetrics;
import dev.grpcstarter.core.auth.MethodAccessRules;
import dev.grpcstarter.core.auth.OwnerResolver;
import dev.grpcstarter.core.auth.SecurityContextPrincipalBinder;
import dev.grpcstarter.core.call.ClientAddressResolver;
import dev.grpcstarter.core.ratelimit.CallLimiter;
import dev.grpcstarter.core.call.GrpcServiceCatalog;
import dev.grpcstarter.it.app.EchoGrpcService;
import io.grpc.BindableService;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcAuthAutoConfigurationTests {

	private static final String MASTER_KEY = "master-key-for-tests-0123456789abcdef";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
				TransactionAutoConfiguration.class, GrpcStarterSchemaAutoConfiguration.class, GrpcBackgroundAutoConfiguration.class,
				GrpcApiKeyAutoConfiguration.class, GrpcClientAddressAutoConfiguration.class,
				GrpcServicesAutoConfiguration.class, GrpcRateLimitAutoConfiguration.class, GrpcAuthAutoConfiguration.class))
		.withBean(EchoGrpcService.class)
		.withPropertyValues("spring.jpa.hibernate.ddl-auto=validate")
		.withInitializer((context) -> TestPropertyValues.of("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID())
			.applyTo(context));

	@Test
	void whenDataSourceExistsThenKeysAndAuthenticationAreConfigured() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ApiKeyService.class);
			assertThat(context).hasSingleBean(ApiKeyUsageRecorder.class);
			assertThat(context).hasSingleBean(AuthorityLevels.class);
			assertThat(context).hasSingleBean(ApiKeyAuthenticator.class);
			assertThat(context).hasSingleBean(CallLimiter.class);
			assertThat(context).hasSingleBean(FailedAttemptThrottle.class);
			assertThat(context).hasSingleBean(MethodAccessRules.class);
			assertThat(context).hasSingleBean(OwnerResolver.class);
			assertThat(context).hasSingleBean(ApiKeyAuthInterceptor.class);
			assertThat(context.getBean(CallPrincipalBinder.class)).isInstanceOf(SecurityContextPrincipalBinder.class);
		});
	}

	@Test
	void whenNoGrpcSecurityOfTheApplicationThenKeysJoinGrpcSecurityButTheStartersInterceptorAuthenticates() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ApiKeyAuthInterceptor.class);
			assertThat(context).doesNotHaveBean(AuthenticatedCallInterceptor.class);
			assertThat(context).hasSingleBean(ApiKeyAuthenticationExtractor.class);
			assertThat(context).hasSingleBean(ApiKeyGrpcSecurityConfigurer.class);
			assertThat(context).hasSingleBean(ApiKeyAuthenticationExceptionHandler.class);
			// The provider is no bean: it would join the application's global authentication manager.
			assertThat(context).doesNotHaveBean(AuthenticationProvider.class);
		});
	}

	@Test
	void whenApplicationHasAnAuthenticationProcessInterceptorThenTheStarterOnlyCarriesTheAuthentication() {
		this.contextRunner
			.withBean(AuthenticationProcessInterceptor.class,
					() -> new AuthenticationProcessInterceptor((authentication) -> authentication,
							(headers, attributes, method) -> null, null))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ApiKeyAuthInterceptor.class);
				assertThat(context).hasSingleBean(AuthenticatedCallInterceptor.class);
				assertThat(context).hasSingleBean(ApiKeyGrpcSecurityConfigurer.class);
			});
	}

	@Test
	void whenApplicationHasAJwtDecoderThenSpringBootsGrpcSecurityIsTheApplicationsOwn() {
		this.contextRunner.withBean(JwtDecoder.class, () -> (token) -> {
			throw new UnsupportedOperationException();
		}).run((context) -> {
			assertThat(context).doesNotHaveBean(ApiKeyAuthInterceptor.class);
			assertThat(context).hasSingleBean(AuthenticatedCallInterceptor.class);
		});
	}

	@Test
	void whenSpringSecurityConfigIsAbsentThenKeysStayWithTheStartersInterceptor() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ObjectPostProcessor.class)).run((context) -> {
			assertThat(context).hasSingleBean(ApiKeyAuthInterceptor.class);
			assertThat(context).doesNotHaveBean(ApiKeyGrpcSecurityConfigurer.class);
			assertThat(context).doesNotHaveBean(AuthenticatedCallInterceptor.class);
		});
	}

	@Test
	void whenNoDataSourceThenNoKeysAndNoAuthentication() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GrpcStarterSchemaAutoConfiguration.class,
					GrpcApiKeyAutoConfiguration.class, GrpcAuthAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ApiKeyService.class);
				assertThat(context).doesNotHaveBean(ApiKeyAuthInterceptor.class);
			});
	}

	@Test
	void whenAuthIsDisabledThenNoInterceptorButKeysStayManageable() {
		this.contextRunner.withPropertyValues("grpc.auth.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(ApiKeyService.class);
			assertThat(context).doesNotHaveBean(ApiKeyAuthInterceptor.class);
		});
	}

	@Test
	void whenGrpcServerIsDisabledThenNoAuthentication() {
		this.contextRunner.withPropertyValues("spring.grpc.server.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(ApiKeyService.class);
			assertThat(context).doesNotHaveBean(GrpcAuthAutoConfiguration.class);
			assertThat(context).doesNotHaveBean(ApiKeyAuthInterceptor.class);
		});
	}

	@Test
	void whenGrpcIsAbsentThenNothingIsConfigured() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(BindableService.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcAuthAutoConfiguration.class));
	}

	@Test
	void whenSpringSecurityIsAbsentThenThePrincipalIsBoundToTheGrpcContextOnly() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(UserDetailsService.class)).run((context) -> {
			assertThat(context).hasSingleBean(OwnerResolver.class);
			assertThat(context.getBean(CallPrincipalBinder.class)).isNotInstanceOf(SecurityContextPrincipalBinder.class);
		});
	}

	@Test
	void whenPropertiesAreSetThenTheyAreBound() {
		this.contextRunner
			.withPropertyValues("grpc.auth.header=authorization-key", "grpc.auth.cache-ttl=30s",
					"grpc.auth.public-methods=a.B/*,c.D/E", "grpc.auth.failed-attempts.max=7",
					"grpc.auth.staff-authority=ROLE_OPS")
			.run((context) -> {
				GrpcAuthProperties properties = context.getBean(GrpcAuthProperties.class);
				assertThat(properties.getHeader()).isEqualTo("authorization-key");
				assertThat(properties.getCacheTtl()).isEqualTo(Duration.ofSeconds(30));
				assertThat(properties.getPublicMethods()).containsExactly("a.B/*", "c.D/E");
				assertThat(properties.getFailedAttempts().getMax()).isEqualTo(7);
				assertThat(properties.getStaffAuthority()).isEqualTo("ROLE_OPS");
				assertThat(properties.isRequireAuth()).isTrue();
				assertThat(properties.getMasterKey()).isNull();
			});
	}

	@Test
	void whenLookupPropertiesAreSetThenTheLookupExecutorAndItsBreakerUseThem() {
		this.contextRunner
			.withPropertyValues("grpc.auth.stale-if-error=1m", "grpc.auth.lookup.timeout=200ms",
					"grpc.auth.lookup.circuit-breaker.failure-rate-threshold=25",
					"grpc.auth.lookup.circuit-breaker.sliding-window-size=20",
					"grpc.auth.lookup.circuit-breaker.minimum-number-of-calls=8",
					"grpc.auth.lookup.circuit-breaker.wait-duration-in-open-state=2s")
			.run((context) -> {
				assertThat(context.getBean(GrpcAuthProperties.class).getStaleIfError()).isEqualTo(Duration.ofMinutes(1));
				KeyLookupExecutor lookups = context.getBean(KeyLookupExecutor.class);
				assertThat(lookups.timeout()).isEqualTo(Duration.ofMillis(200));
				CircuitBreakerConfig config = lookups.circuitBreaker().getCircuitBreakerConfig();
				assertThat(config.getFailureRateThreshold()).isEqualTo(25f);
				assertThat(config.getSlidingWindowSize()).isEqualTo(20);
				assertThat(config.getMinimumNumberOfCalls()).isEqualTo(8);
				assertThat(config.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(2000L);
			});
	}

	@Test
	void whenDefaultsApplyThenLookupsWaitHalfASecondAndStaleStateIsUsedForFiveMinutes() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(GrpcAuthProperties.class).getStaleIfError()).isEqualTo(Duration.ofMinutes(5));
			assertThat(context.getBean(KeyLookupExecutor.class).timeout()).isEqualTo(Duration.ofMillis(500));
		});
	}

	@Test
	void whenMicrometerIsPresentThenTheBreakerStateIsAGauge() {
		this.contextRunner.run((context) -> {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(KeyLookupMetrics.class).bindTo(registry);
			assertThat(registry.get("grpc.auth.lookup.circuit-breaker.state").tag("state", "closed").gauge().value())
				.isEqualTo(1.0);
			context.getBean(KeyLookupExecutor.class).circuitBreaker().transitionToOpenState();
			assertThat(registry.get("grpc.auth.lookup.circuit-breaker.state").tag("state", "closed").gauge().value())
				.isZero();
			assertThat(registry.get("grpc.auth.lookup.circuit-breaker.state").tag("state", "open").gauge().value())
				.isEqualTo(1.0);
			assertThat(registry.get("grpc.auth.lookup.stale-accepted").functionCounter().count()).isZero();
		});
	}

	@Test
	void whenMicrometerIsAbsentThenThereAreNoLookupMeters() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run((context) -> {
			assertThat(context).hasSingleBean(KeyLookupExecutor.class);
			assertThat(context).doesNotHaveBean(KeyLookupMetrics.class);
		});
	}

	@Test
	void whenPublicMethodPatternIsMalformedThenStartupFailsNamingIt() {
		this.contextRunner.withPropertyValues("grpc.auth.public-methods=not a pattern")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("grpc.auth.public-methods: 'not a pattern' is not a method pattern"));
	}

	@Test
	void whenMasterKeyIsShortThenStartupFailsNamingItButNotItsValue() {
		this.contextRunner.withPropertyValues("grpc.auth.master-key=short-secret")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("grpc.auth.master-key must be at least 32 characters long")
				.message()
				.doesNotContain("short-secret"));
	}

	@Test
	void whenMasterKeyHoldsWhitespaceThenStartupFailsNamingItButNotItsValue() {
		this.contextRunner.withPropertyValues("grpc.auth.master-key=a master key with spaces that is long enough")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("grpc.auth.master-key must be visible ASCII characters")
				.message()
				.doesNotContain("with spaces"));
	}

	@Test
	void whenNoBeanValidationProviderIsPresentThenPropertiesAreStillChecked() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("jakarta.validation", "org.hibernate.validator"))
			.withPropertyValues("grpc.auth.master-key=short-secret")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("grpc.auth.master-key must be at least 32 characters long"));
	}

	@Test
	void whenMasterKeyIsLongEnoughThenAuthenticationStarts() {
		this.contextRunner.withPropertyValues("grpc.auth.master-key=" + MASTER_KEY)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(ApiKeyAuthenticator.class));
	}

	@Test
	void whenMasterKeyIsSetUnderProdProfileThenStartupFails() {
		this.contextRunner.withPropertyValues("grpc.auth.master-key=" + MASTER_KEY, "spring.profiles.active=prod")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("grpc.auth.master-key is set while the 'prod' profile is active"));
	}

	@Test
	void whenUserDefinesAuthorityLevelsThenOursBacksOff() {
		AuthorityLevels own = new AuthorityLevels("ROLE_A", "ROLE_B");
		this.contextRunner.withBean(AuthorityLevels.class, () -> own)
			.run((context) -> assertThat(context.getBean(AuthorityLevels.class)).isSameAs(own));
	}

	@Test
	void whenUserDefinesAuthenticatorThenOursBacksOff() {
		this.contextRunner.withBean("userAuthenticator", ApiKeyAuthenticator.class,
				() -> new ApiKeyAuthenticator((key) -> Optional.empty(), (key) -> null, null, Duration.ofSeconds(1),
						Duration.ZERO, new KeyLookupExecutor(KeyLookupExecutor.circuitBreaker(50, 10, 3,
								Duration.ofMinutes(1)), Duration.ofSeconds(1), 1, 1),
						Clock.systemUTC()))
			.run((context) -> {
				assertThat(context).hasSingleBean(ApiKeyAuthenticator.class);
				assertThat(context).hasBean("userAuthenticator");
			});
	}

	@Test
	void whenUserDefinesFailedAttemptThrottleThenOursBacksOff() {
		FailedAttemptThrottle own = new FailedAttemptThrottle(1, Duration.ofMinutes(1));
		this.contextRunner.withBean(FailedAttemptThrottle.class, () -> own)
			.run((context) -> assertThat(context.getBean(FailedAttemptThrottle.class)).isSameAs(own));
	}

	@Test
	void whenUserDefinesMethodAccessRulesThenOursBacksOff() {
		MethodAccessRules own = new MethodAccessRules(true, List.of(), false,
				new GrpcServiceCatalog(new DefaultListableBeanFactory()));
		this.contextRunner.withBean(MethodAccessRules.class, () -> own)
			.run((context) -> assertThat(context.getBean(MethodAccessRules.class)).isSameAs(own));
	}

	@Test
	void whenUserDefinesInterceptorThenOursBacksOff() {
		this.contextRunner.withUserConfiguration(UserInterceptor.class).run((context) -> {
			assertThat(context).hasSingleBean(ApiKeyAuthInterceptor.class);
			assertThat(context).hasBean("userInterceptor");
		});
	}

	@Test
	void whenUserDefinesOwnerResolverThenOursBacksOff() {
		OwnerResolver own = (key) -> null;
		this.contextRunner.withBean(OwnerResolver.class, () -> own)
			.run((context) -> assertThat(context.getBean(OwnerResolver.class)).isSameAs(own));
	}

	@Test
	void whenSpringSecurityIsAbsentAndUserDefinesOwnerResolverThenOursBacksOff() {
		OwnerResolver own = (key) -> null;
		this.contextRunner.withClassLoader(new FilteredClassLoader(UserDetailsService.class))
			.withBean(OwnerResolver.class, () -> own)
			.run((context) -> assertThat(context.getBean(OwnerResolver.class)).isSameAs(own));
	}

	@Test
	void whenUserDefinesPrincipalBinderThenOursBacksOff() {
		CallPrincipalBinder own = CallPrincipalBinder.grpcContext();
		this.contextRunner.withBean(CallPrincipalBinder.class, () -> own)
			.run((context) -> assertThat(context.getBean(CallPrincipalBinder.class)).isSameAs(own));
	}

	@Test
	void whenSpringSecurityIsAbsentAndUserDefinesPrincipalBinderThenOursBacksOff() {
		CallPrincipalBinder own = new SecurityContextPrincipalBinder();
		this.contextRunner.withClassLoader(new FilteredClassLoader(UserDetailsService.class))
			.withBean(CallPrincipalBinder.class, () -> own)
			.run((context) -> assertThat(context.getBean(CallPrincipalBinder.class)).isSameAs(own));
	}

	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	static class UserInterceptor {

		@org.springframework.context.annotation.Bean
		ApiKeyAuthInterceptor userInterceptor(MethodAccessRules rules, ApiKeyAuthenticator authenticator,
				ApiKeyUsageRecorder usage, CallPrincipalBinder binder, ClientAddressResolver addresses) {
			return new ApiKeyAuthInterceptor("x-own-key", rules, authenticator, CallLimiter.inMemory(),
					new FailedAttemptThrottle(0, Duration.ofMinutes(1)), usage, binder, addresses);
		}

	}

}
