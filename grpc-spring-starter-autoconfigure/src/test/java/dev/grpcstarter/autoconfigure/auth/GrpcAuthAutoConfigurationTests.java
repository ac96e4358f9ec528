package dev.grpcstarter.autoconfigure.auth;

import java.time.Duration;

import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.ApiKeyUsageRecorder;
import dev.grpcstarter.core.auth.ApiKeyAuthInterceptor;
import dev.grpcstarter.core.auth.ApiKeyAuthenticator;
import dev.grpcstarter.core.auth.CallPrincipalBinder;
import dev.grpcstarter.core.auth.MethodAccessRules;
import dev.grpcstarter.core.auth.OwnerResolver;
import dev.grpcstarter.core.auth.SecurityContextPrincipalBinder;
import dev.grpcstarter.core.schema.GrpcStarterSchemaMigration;
import dev.grpcstarter.it.app.EchoGrpcService;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcAuthAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
				TransactionAutoConfiguration.class, GrpcApiKeyAutoConfiguration.class,
				dev.grpcstarter.autoconfigure.error.GrpcErrorMappingAutoConfiguration.class,
				dev.grpcstarter.autoconfigure.ratelimit.GrpcRateLimitAutoConfiguration.class,
				GrpcAuthAutoConfiguration.class))
		.withBean(EchoGrpcService.class)
		.withPropertyValues("spring.jpa.hibernate.ddl-auto=validate")
		.withInitializer((context) -> TestPropertyValues
			.of("spring.datasource.url=jdbc:h2:mem:" + java.util.UUID.randomUUID())
			.applyTo(context));

	@Test
	void whenDataSourceExistsThenKeysAndAuthenticationAreConfigured() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(GrpcStarterSchemaMigration.class);
			assertThat(context).hasSingleBean(ApiKeyService.class);
			assertThat(context).hasSingleBean(ApiKeyUsageRecorder.class);
			assertThat(context).hasSingleBean(ApiKeyAuthenticator.class);
			assertThat(context).hasSingleBean(ApiKeyAuthInterceptor.class);
			assertThat(context.getBean(CallPrincipalBinder.class)).isInstanceOf(SecurityContextPrincipalBinder.class);
		});
	}

	@Test
	void whenNoDataSourceThenNoKeysAndNoAuthentication() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GrpcApiKeyAutoConfiguration.class, GrpcAuthAutoConfiguration.class))
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
	void whenPublicMethodPatternIsMalformedThenStartupFailsNamingIt() {
		this.contextRunner.withPropertyValues("grpc.auth.public-methods=not a pattern")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("grpc.auth.public-methods: 'not a pattern' is not a method pattern"));
	}

	@Test
	void whenUserDefinesBeansThenOursBackOff() {
		OwnerResolver owners = (key) -> null;
		MethodAccessRules rules = new MethodAccessRules(true, java.util.List.of(), false,
				new dev.grpcstarter.core.call.GrpcServiceCatalog(new org.springframework.beans.factory.support.DefaultListableBeanFactory()));
		this.contextRunner.withBean(OwnerResolver.class, () -> owners)
			.withBean(MethodAccessRules.class, () -> rules)
			.run((context) -> {
				assertThat(context.getBean(OwnerResolver.class)).isSameAs(owners);
				assertThat(context.getBean(MethodAccessRules.class)).isSameAs(rules);
			});
	}

}
