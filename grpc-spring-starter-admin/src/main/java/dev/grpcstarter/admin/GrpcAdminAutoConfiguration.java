package dev.grpcstarter.admin;

import java.time.Clock;

import javax.sql.DataSource;

import dev.grpcstarter.admin.web.AdminFormat;
import dev.grpcstarter.admin.web.AdminKeyLabels;
import dev.grpcstarter.admin.web.AdminMvcConfigurer;
import dev.grpcstarter.admin.web.AdminModelAdvice;
import dev.grpcstarter.admin.web.AccessDeniedController;
import dev.grpcstarter.admin.web.AdminNotFoundResolver;
import dev.grpcstarter.admin.web.AuditController;
import dev.grpcstarter.admin.web.ExplorerController;
import dev.grpcstarter.admin.web.ExplorerExamples;
import dev.grpcstarter.admin.web.KeysController;
import dev.grpcstarter.admin.web.LoginController;
import dev.grpcstarter.admin.web.LogsController;
import dev.grpcstarter.admin.web.TraceLinks;
import dev.grpcstarter.admin.web.OverviewController;
import dev.grpcstarter.admin.web.ServersController;
import dev.grpcstarter.admin.web.LocalExplorer;
import dev.grpcstarter.admin.web.ProtoComments;
import dev.grpcstarter.autoconfigure.auth.GrpcApiKeyAutoConfiguration;
import dev.grpcstarter.autoconfigure.auth.GrpcAuthProperties;
import dev.grpcstarter.autoconfigure.requestlog.GrpcRequestLogAutoConfiguration;
import dev.grpcstarter.autoconfigure.schema.GrpcStarterSchemaAutoConfiguration;
import dev.grpcstarter.autoconfigure.status.GrpcServerStatusAutoConfiguration;
import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.audit.AdminAuditLog;
import dev.grpcstarter.core.ratelimit.CallLimiter;
import dev.grpcstarter.core.requestlog.ExplorerCallTickets;
import dev.grpcstarter.core.requestlog.RequestLogSearch;
import dev.grpcstarter.core.requestlog.RequestLogStatistics;
import dev.grpcstarter.core.schema.GrpcStarterSchemaMigration;
import dev.grpcstarter.core.status.InstanceIdentity;
import dev.grpcstarter.core.status.ServerInstanceService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternUtils;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The admin UI under {@code grpc.admin.path}: its controllers, its assets, and its own
 * security filter chain scoped to that path (form login, the configured authority, CSRF on
 * every change, a Content-Security-Policy without inline scripts, frame denial, failed
 * sign-ins throttled per user name and per address).
 *
 * <p>Runs after Spring Boot's servlet security auto-configuration: Boot's default chain for
 * the rest of the application, when the application has none, is kept.
 *
 * <p>Needs the starter's tables (its audit log lives there), not the API keys: without an
 * {@link ApiKeyService} the key pages are left out and the rest is served.
 */
@AutoConfiguration(after = { GrpcStarterSchemaAutoConfiguration.class, GrpcApiKeyAutoConfiguration.class,
		GrpcRequestLogAutoConfiguration.class, GrpcServerStatusAutoConfiguration.class,
		ServletWebSecurityAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ HttpSecurity.class, WebMvcConfigurer.class })
@ConditionalOnBooleanProperty(name = "grpc.admin.enabled", matchIfMissing = true)
@ConditionalOnBean({ DataSource.class, GrpcStarterSchemaMigration.class })
@EnableConfigurationProperties(GrpcAdminProperties.class)
public final class GrpcAdminAutoConfiguration {

	@Bean
	AdminUsers grpcAdminUsers(ConfigurableListableBeanFactory beanFactory, GrpcAdminProperties properties) {
		return AdminUsers.resolve(beanFactory, properties);
	}

	@Bean
	AdminAccessLine grpcAdminAccessLine(AdminUsers users, GrpcAdminProperties properties,
			ConfigurableListableBeanFactory beanFactory) {
		return new AdminAccessLine(users, properties, beanFactory);
	}

	@Bean
	AdminNotFoundResolver grpcAdminNotFoundResolver(GrpcAdminProperties properties) {
		return new AdminNotFoundResolver(properties.getPath());
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 10)
	SecurityFilterChain grpcAdminSecurityFilterChain(HttpSecurity http, GrpcAdminProperties properties,
			AdminUsers users) throws Exception {
		String base = properties.getPath();
		// Built here, not as a bean: a Filter bean would also be registered for every request.
		AdminLoginThrottle loginThrottle = new AdminLoginThrottle(properties);
		SimpleUrlAuthenticationSuccessHandler toOverview = new SimpleUrlAuthenticationSuccessHandler(base);
		toOverview.setAlwaysUseDefaultTargetUrl(true);
		http.securityMatcher(base, base + "/**")
			.addFilterBefore(loginThrottle, UsernamePasswordAuthenticationFilter.class)
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers(base + "/login", base + "/assets/**", base + AccessDeniedController.PATH)
				.permitAll()
				.anyRequest()
				.hasAuthority(properties.getAuthority()))
			.formLogin((form) -> form.loginPage(base + "/login")
				.loginProcessingUrl(base + "/login")
				.successHandler(loginThrottle.refundingOnSuccess(toOverview))
				.failureUrl(base + "/login?error"))
			.logout((logout) -> logout.logoutUrl(base + "/logout").logoutSuccessUrl(base + "/login?logout"))
			.exceptionHandling((exceptions) -> exceptions.accessDeniedPage(base + AccessDeniedController.PATH))
			.userDetailsService(users.service())
			.csrf(Customizer.withDefaults())
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives("default-src 'self'; script-src 'self';"
						+ " style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self';"
						+ " form-action 'self'; frame-ancestors 'none'"))
				.frameOptions((frames) -> frames.deny()));
		return http.build();
	}

	@Bean
	AdminMvcConfigurer grpcAdminMvcConfigurer(GrpcAdminProperties properties) {
		return new AdminMvcConfigurer(properties.getPath());
	}

	@Bean
	@ConditionalOnMissingBean
	AdminAuditLog grpcAdminAuditLog(DataSource dataSource, GrpcStarterSchemaMigration schema) {
		return new AdminAuditLog(new JdbcTemplate(dataSource), Clock.systemUTC());
	}

	@Bean
	AdminFormat grpcAdminFormat() {
		return new AdminFormat();
	}

	@Bean
	AdminKeyLabels grpcAdminKeyLabels(ObjectProvider<ApiKeyService> keys) {
		return new AdminKeyLabels(keys.getIfAvailable());
	}

	@Bean
	AdminModelAdvice grpcAdminModelAdvice(GrpcAdminProperties properties, ObjectProvider<GrpcAuthProperties> auth) {
		return new AdminModelAdvice(properties.getPath(), apiKeyHeader(auth));
	}

	@Bean
	AccessDeniedController grpcAdminAccessDeniedController(GrpcAdminProperties properties) {
		return new AccessDeniedController(properties.getAuthority());
	}

	@Bean
	LoginController grpcAdminLoginController() {
		return new LoginController();
	}

	@Bean
	OverviewController grpcAdminOverviewController(ObjectProvider<RequestLogStatistics> statistics,
			ObjectProvider<ServerInstanceService> instances) {
		return new OverviewController(statistics.getIfAvailable(), instances.getIfAvailable());
	}

	@Bean
	@ConditionalOnBean(ApiKeyService.class)
	KeysController grpcAdminKeysController(ApiKeyService keys, AdminAuditLog audit,
			ObjectProvider<RequestLogStatistics> statistics, ObjectProvider<RequestLogSearch> search,
			GrpcAdminProperties properties, ObjectProvider<CallLimiter> limiter) {
		return new KeysController(keys, audit, statistics.getIfAvailable(), search.getIfAvailable(),
				properties.getPath(), limiter.getIfAvailable());
	}

	@Bean
	LogsController grpcAdminLogsController(ObjectProvider<RequestLogSearch> search,
			GrpcAdminProperties properties) {
		return new LogsController(search.getIfAvailable(), new TraceLinks(properties.getTraceUrlTemplate()));
	}

	@Bean
	ServersController grpcAdminServersController(ObjectProvider<ServerInstanceService> instances) {
		return new ServersController(instances.getIfAvailable());
	}

	@Bean
	AuditController grpcAdminAuditController(AdminAuditLog audit) {
		return new AuditController(audit);
	}

	@Bean(destroyMethod = "close")
	LocalExplorer grpcAdminLocalExplorer(ObjectProvider<GrpcServerLifecycle> server,
			ObjectProvider<InstanceIdentity> identity, ObjectProvider<ExplorerCallTickets> explorerCalls) {
		return new LocalExplorer(server, identity, explorerCalls);
	}

	@Bean
	ExplorerController grpcAdminExplorerController(LocalExplorer explorer, ObjectProvider<GrpcAuthProperties> auth,
			ObjectProvider<ExplorerExamples> examples, GrpcAdminProperties properties, ResourceLoader resources) {
		// Read once: the descriptor sets are in the application's jar and do not change.
		ProtoComments comments = ProtoComments.load(ResourcePatternUtils.getResourcePatternResolver(resources),
				properties.getExplorer().getDescriptorSets());
		return new ExplorerController(explorer, apiKeyHeader(auth), examples.orderedStream().toList(), comments);
	}

	/** The header the keys go in; its default is the one of {@link GrpcAuthProperties}. */
	private static String apiKeyHeader(ObjectProvider<GrpcAuthProperties> auth) {
		return auth.getIfAvailable(GrpcAuthProperties::new).getHeader();
	}

}
