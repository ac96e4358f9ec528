package dev.grpcstarter.it;

import java.util.List;

import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.NewApiKey;
import dev.grpcstarter.it.app.TestApplication;
import dev.grpcstarter.test.v1.SecuredServiceGrpc;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static dev.grpcstarter.it.ApiKeyCalls.assertFails;
import static dev.grpcstarter.it.ApiKeyCalls.withKey;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With an application {@code UserDetailsService}, a key acts with its owner's current
 * authorities, and keys of disabled or locked owners are refused.
 */
@SpringBootTest(classes = { TestApplication.class, UserDetailsOwnerIntegrationTests.Users.class },
		properties = { "spring.grpc.server.port=0", "grpc.auth.require-auth=true",
				"grpc.services.packages=dev.grpcstarter.it.secured", "spring.datasource.url=jdbc:h2:mem:owners" })
class UserDetailsOwnerIntegrationTests {

	@Autowired
	private ApplicationContext context;

	@Autowired
	private ApiKeyService keys;

	@Test
	void whenOwnerIsAUserThenTheUsersAuthoritiesApply() throws Exception {
		String key = this.keys
			.create(new NewApiKey("k", null, "alice", List.of("ROLE_ADMIN"), List.of(), null, null, null))
			.rawKey();
		try (LocalGrpcChannel channel = LocalGrpcChannel.to(this.context)) {
			assertThat(withKey(SecuredServiceGrpc.newBlockingStub(channel.channel()), key)
				.whoAmI(AbstractApiKeyAuthenticationTests.ping())
				.getText()).isEqualTo("alice|[ROLE_STAFF]|staff=true|superuser=false|security=alice");
		}
	}

	@Test
	void whenOwnerIsDisabledLockedOrUnknownThenKeyIsRefused() throws Exception {
		try (LocalGrpcChannel channel = LocalGrpcChannel.to(this.context)) {
			for (String owner : List.of("bob", "carl", "nobody")) {
				String key = this.keys.create(NewApiKey.of("k", owner)).rawKey();
				assertFails(() -> withKey(SecuredServiceGrpc.newBlockingStub(channel.channel()), key)
					.whoAmI(AbstractApiKeyAuthenticationTests.ping()), Status.Code.UNAUTHENTICATED, "invalid API key");
			}
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Users {

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("alice").password("{noop}x").roles("STAFF").build(),
					User.withUsername("bob").password("{noop}x").roles("STAFF").disabled(true).build(),
					User.withUsername("carl").password("{noop}x").roles("STAFF").accountLocked(true).build());
		}

	}

}
