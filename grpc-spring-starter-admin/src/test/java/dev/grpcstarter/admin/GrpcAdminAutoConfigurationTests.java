package dev.grpcstarter.admin;

import java.util.UUID;

import dev.grpcstarter.admin.web.KeysController;
import dev.grpcstarter.admin.web.LogsController;
import dev.grpcstarter.admin.web.OverviewController;
import dev.grpcstarter.admintest.AdminTestApplication;
import dev.grpcstarter.autoconfigure.auth.GrpcApiKeyAutoConfiguration;
import dev.grpcstarter.autoconfigure.schema.GrpcStarterSchemaAutoConfiguration;
import dev.grpcstarter.core.apikey.ApiKeyService;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.util.TestPropertyValues;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin UI's conditions, on the whole auto-configuration of a web application.
 */
class GrpcAdminAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withUserConfiguration(AdminTestApplication.class)
		.withPropertyValues("spring.grpc.server.enabled=false", "spring.jpa.hibernate.ddl-auto=validate",
				"grpc.admin.user.password=test-admin-password")
		.withInitializer((context) -> TestPropertyValues.of("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID())
			.applyTo(context));

	@Test
	void whenStarterTablesExistThenTheAdminIsServed() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasBean("grpcAdminSecurityFilterChain");
			assertThat(context).hasSingleBean(OverviewController.class);
			assertThat(context).hasSingleBean(KeysController.class);
		});
	}

	@Test
	void whenApiKeyAutoConfigurationIsExcludedThenTheAdminStaysWithoutKeyPages() {
		this.contextRunner
			.withPropertyValues("spring.autoconfigure.exclude=" + GrpcApiKeyAutoConfiguration.class.getName())
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ApiKeyService.class);
				assertThat(context).hasBean("grpcAdminSecurityFilterChain");
				assertThat(context).hasSingleBean(OverviewController.class);
				assertThat(context).hasSingleBean(LogsController.class);
				assertThat(context).doesNotHaveBean(KeysController.class);
			});
	}

	@Test
	void whenStarterTablesAreNotMigratedThenNoAdmin() {
		this.contextRunner
			.withPropertyValues("spring.autoconfigure.exclude=" + GrpcStarterSchemaAutoConfiguration.class.getName())
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcAdminAutoConfiguration.class));
	}

	@Test
	void whenAdminIsDisabledThenNoAdmin() {
		this.contextRunner.withPropertyValues("grpc.admin.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcAdminAutoConfiguration.class));
	}

}
