package dev.grpcstarter.admin;

import java.util.List;

import dev.grpcstarter.admintest.AdminTestApplication;
import dev.grpcstarter.core.apikey.ApiKey;
import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.ratelimit.CallLimiter;
import dev.grpcstarter.core.ratelimit.Quota;
import dev.grpcstarter.core.ratelimit.RateLimit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Setting a key's rate limits and quota in the admin UI, and seeing what is left of them,
 * with the limiter an application serving gRPC has (here in memory: this test application
 * serves no gRPC itself).
 */
@SpringBootTest(classes = { AdminTestApplication.class, AdminKeyLimitsMockMvcTests.Limiter.class },
		properties = "spring.grpc.server.enabled=false")
@WithMockUser(username = "root", authorities = "ROLE_ADMIN")
class AdminKeyLimitsMockMvcTests {

	@Autowired
	private WebApplicationContext context;

	@Autowired
	private ApiKeyService keys;

	@Autowired
	private CallLimiter limiter;

	private MockMvc mvc;

	@BeforeEach
	void mockMvc() {
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context)
			.apply(SecurityMockMvcConfigurers.springSecurity())
			.build();
	}

	@Test
	void whenAKeyIsCreatedWithLimitsThenItsPageShowsThemAndWhatIsLeft() throws Exception {
		this.mvc
			.perform(post("/grpc-admin/keys").with(csrf())
				.param("name", "limited")
				.param("owner", "lena")
				.param("rateLimitPerMinute", "60")
				.param("rateLimits", "5/1s, 1000/1d")
				.param("quota", "100/1d"))
			.andExpect(status().isFound());
		ApiKey key = this.keys.list("limited", 0, 1).keys().get(0);
		assertThat(key.getRateLimits()).containsExactly(RateLimit.parse("5/1s"), RateLimit.parse("1000/1d"));
		assertThat(key.getQuota()).isEqualTo(Quota.parse("100/1d"));
		this.limiter.tryAcquire(key.id(), key.getLimits(), key.getLimitsVersion());
		String page = page("/grpc-admin/keys/" + key.id());
		assertThat(page).contains("5/1s, 60/1m, 1000/1d, quota 100/1d")
			.contains("Limits left")
			.contains("Held in memory (this instance&#39;s memory).")
			.contains("59 of 60")
			.contains("999 of 1000")
			.contains("99 of 100");
		String edit = page("/grpc-admin/keys/" + key.id() + "/edit");
		assertThat(edit).contains("value=\"5/1s, 1000/1d\"").contains("value=\"100/1d\"");
	}

	@Test
	void whenLimitsAreEditedThenTheKeyTakesThemAndTheAuditSaysSo() throws Exception {
		long id = this.keys.create(dev.grpcstarter.core.apikey.NewApiKey.of("to-limit", "max")).key().id();
		this.mvc
			.perform(post("/grpc-admin/keys/" + id + "/edit").with(csrf())
				.param("name", "to-limit")
				.param("rateLimits", "20/1s")
				.param("quota", "100000/30d"))
			.andExpect(status().isFound());
		ApiKey key = this.keys.find(id).orElseThrow();
		assertThat(key.getLimits().toString()).isEqualTo("20/1s, quota 100000/30d");
		assertThat(key.getLimitsVersion()).isEqualTo(1);
		assertThat(page("/grpc-admin/keys/" + id)).contains("limits=20/1s, quota 100000/30d");
	}

	@Test
	void whenLimitsAreInvalidThenEachFieldNamesItsProblem() throws Exception {
		assertThat(this.mvc
			.perform(post("/grpc-admin/keys").with(csrf())
				.param("name", "n")
				.param("owner", "o")
				.param("rateLimits", "fast")
				.param("quota", "lots"))
			.andExpect(model().attributeHasFieldErrors("form", "rateLimits", "quota"))
			.andReturn()
			.getResponse()
			.getContentAsString()).contains("further rate limits: &#39;fast&#39; is not a rate limit")
			.contains("quota: &#39;lots&#39; is not a quota");
		assertThat(this.mvc
			.perform(post("/grpc-admin/keys").with(csrf())
				.param("name", "n")
				.param("owner", "o")
				.param("rateLimitPerMinute", "5")
				.param("rateLimits", "10/1m"))
			.andExpect(model().attributeHasFieldErrorCode("form", "rateLimits", "invalid"))
			.andReturn()
			.getResponse()
			.getContentAsString()).contains("a per-minute limit is already set as the rate limit per minute");
	}

	private String page(String path) throws Exception {
		return this.mvc.perform(get(path)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Limiter {

		@Bean(destroyMethod = "close")
		CallLimiter callLimiter() {
			return CallLimiter.inMemory();
		}

	}

}
