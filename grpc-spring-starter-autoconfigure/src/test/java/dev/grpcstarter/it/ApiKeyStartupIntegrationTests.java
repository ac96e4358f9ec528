package dev.grpcstarter.it;

import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.VerifiedApiKey;
import dev.grpcstarter.it.app.TestApplication;
import dev.grpcstarter.test.v1.SecuredServiceGrpc;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;

import static dev.grpcstarter.it.ApiKeyCalls.assertFails;
import static dev.grpcstarter.it.ApiKeyCalls.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Startup behaviour of authentication: the key-creation run, the master-key rules, and
 * failed-attempt throttling, each in its own application context.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiKeyStartupIntegrationTests {

	private static final String MASTER = "master-key-for-tests-0123456789abcdef";

	@Test
	void whenCreateKeyIsRequestedThenKeyIsPrintedOnceAndTheRunEnds(CapturedOutput output) {
		String database = "jdbc:h2:file:./target/tmp/create-key-" + UUID.randomUUID();
		ConfigurableApplicationContext run = new SpringApplicationBuilder(TestApplication.class).run(
				"--spring.datasource.url=" + database, "--grpc.auth.create-key.name=first",
				"--grpc.auth.create-key.owner=alice", "--grpc.auth.create-key.authorities=ROLE_ADMIN");
		assertThat(run.isActive()).isFalse();
		Matcher key = Pattern.compile("^(gsk_[0-9A-Za-z]{49})$", Pattern.MULTILINE).matcher(output.getOut());
		assertThat(key.find()).as("the key is printed").isTrue();
		assertThat(output.getOut()).contains("API key 'first' created for owner 'alice'");
		assertThat(output.getOut().split(key.group(1), -1)).as("printed exactly once").hasSize(2);
		try (ConfigurableApplicationContext app = start("spring.datasource.url=" + database)) {
			VerifiedApiKey verified = app.getBean(ApiKeyService.class).verify(key.group(1)).orElseThrow();
			assertThat(verified.owner()).isEqualTo("alice");
			assertThat(verified.authorities()).containsExactly("ROLE_ADMIN");
			assertThat(new dev.grpcstarter.core.audit.AdminAuditLog(
					new org.springframework.jdbc.core.JdbcTemplate(app.getBean(javax.sql.DataSource.class)),
					java.time.Clock.systemUTC())
				.of("api-key", String.valueOf(verified.id())))
				.singleElement()
				.satisfies((entry) -> assertThat(entry.toString()).contains("command line", "create",
						"created by command line"));
		}
	}

	@Test
	void whenMasterKeyIsSetThenItActsAsSuperuserAndAWarningIsLogged(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext app = start("grpc.auth.master-key=" + MASTER);
				LocalGrpcChannel channel = LocalGrpcChannel.to(app)) {
			assertThat(output).contains("grpc.auth.master-key is set");
			assertThat(output).doesNotContain(MASTER);
			SecuredServiceGrpc.SecuredServiceBlockingStub stub = SecuredServiceGrpc.newBlockingStub(channel.channel());
			assertThat(withKey(stub, MASTER).whoAmI(AbstractApiKeyAuthenticationTests.ping()).getText())
				.isEqualTo("master-key|[ROLE_ADMIN, ROLE_STAFF]|staff=true|superuser=true|security=master-key");
			assertFails(() -> withKey(stub, MASTER + "x").whoAmI(AbstractApiKeyAuthenticationTests.ping()),
					Status.Code.UNAUTHENTICATED, "invalid API key");
		}
	}

	@Test
	void whenMasterKeyIsShortThenStartupFails() {
		Throwable failure = catchThrowable(() -> start("grpc.auth.master-key=too-short").close());
		assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
			.hasMessageContaining("grpc.auth.master-key must be at least 32 characters long");
	}

	@Test
	void whenMasterKeyIsSetUnderProdProfileThenStartupFails() {
		Throwable failure = catchThrowable(
				() -> start("grpc.auth.master-key=" + MASTER, "spring.profiles.active=prod").close());
		assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
			.hasMessageContaining("grpc.auth.master-key is set while the 'prod' profile is active");
	}

	@Test
	void whenMasterKeyIsExplicitlyAllowedInProdThenStartupSucceeds() {
		try (ConfigurableApplicationContext app = start("grpc.auth.master-key=" + MASTER,
				"spring.profiles.active=prod", "grpc.auth.master-key-allowed-in-prod=true")) {
			assertThat(app.isActive()).isTrue();
		}
	}

	@Test
	void whenAnAddressFailsTooOftenThenEvenAValidKeyIsRefusedFromIt() throws Exception {
		try (ConfigurableApplicationContext app = start("grpc.auth.failed-attempts.max=3");
				LocalGrpcChannel channel = LocalGrpcChannel.to(app)) {
			String valid = app.getBean(ApiKeyService.class)
				.create(dev.grpcstarter.core.apikey.NewApiKey.of("good", "quinn"))
				.rawKey();
			SecuredServiceGrpc.SecuredServiceBlockingStub stub = SecuredServiceGrpc.newBlockingStub(channel.channel());
			for (int i = 0; i < 3; i++) {
				assertFails(() -> withKey(stub, "gsk_guess").whoAmI(AbstractApiKeyAuthenticationTests.ping()),
						Status.Code.UNAUTHENTICATED, "invalid API key");
			}
			assertFails(() -> withKey(stub, valid).whoAmI(AbstractApiKeyAuthenticationTests.ping()),
					Status.Code.RESOURCE_EXHAUSTED, "too many failed authentication attempts, retry later");
			assertThat(stub.public_(AbstractApiKeyAuthenticationTests.ping()).getText())
				.as("calls without a key are not throttled")
				.isEqualTo("public anonymous");
		}
	}

	/**
	 * Starts the test application; properties are passed as command-line arguments so
	 * they win over the test application.properties.
	 */
	static ConfigurableApplicationContext start(String... properties) {
		java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
		values.put("spring.grpc.server.port", "0");
		values.put("grpc.auth.require-auth", "true");
		values.put("grpc.services.packages", "dev.grpcstarter.it.secured");
		values.put("spring.datasource.url", "jdbc:h2:mem:" + UUID.randomUUID());
		for (String property : properties) {
			String[] pair = property.split("=", 2);
			values.put(pair[0], pair[1]);
		}
		List<String> args = values.entrySet().stream().map((e) -> "--" + e.getKey() + "=" + e.getValue()).toList();
		return new SpringApplicationBuilder(TestApplication.class).run(args.toArray(String[]::new));
	}


}
