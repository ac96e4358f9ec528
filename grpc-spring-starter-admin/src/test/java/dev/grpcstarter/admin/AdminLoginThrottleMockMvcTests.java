package dev.grpcstarter.admin;

import java.util.concurrent.TimeUnit;

import dev.grpcstarter.admintest.AdminTestApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;

/**
 * Failed admin sign-ins throttled per user name and per address, over MockMvc. Every test
 * uses its own users and addresses: the allowances live as long as the context.
 */
@SpringBootTest(classes = { AdminTestApplication.class, AdminLoginThrottleMockMvcTests.Users.class },
		properties = { "spring.grpc.server.enabled=false", "grpc.admin.login.max-failures-per-user=3",
				"grpc.admin.login.max-failures-per-address=5", "grpc.admin.login.window=1h" })
class AdminLoginThrottleMockMvcTests {

	private static final String PASSWORD = "right-password";

	@Autowired
	private WebApplicationContext context;

	private MockMvc mvc;

	@BeforeEach
	void mockMvc() {
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
	}

	@Test
	void whenAUserNameFailsTooOftenThenEvenItsRightPasswordIsRefusedFromAnywhere() throws Exception {
		long start = System.nanoTime();
		for (int i = 1; i <= 3; i++) {
			signIn("alice", "wrong", "10.0.1." + i).andExpect(redirectedUrl("/grpc-admin/login?error"));
		}
		// Three failures an hour: one comes back every 1,200 s, counted from the first.
		assertLockedFor(signIn("alice", PASSWORD, "10.0.1.9"), 1200, start);
		assertLockedFor(signIn("ALICE", PASSWORD, "10.0.1.10"), 1200, start);
		signIn("bob", PASSWORD, "10.0.1.9").andExpect(redirectedUrl("/grpc-admin"));
	}

	@Test
	void whenAnAddressFailsTooOftenThenEverySignInFromItIsRefused() throws Exception {
		long start = System.nanoTime();
		for (int i = 1; i <= 5; i++) {
			signIn("nobody-" + i, "wrong", "10.0.2.1").andExpect(redirectedUrl("/grpc-admin/login?error"));
		}
		assertLockedFor(signIn("carol", PASSWORD, "10.0.2.1"), 720, start);
		signIn("carol", PASSWORD, "10.0.2.2").andExpect(redirectedUrl("/grpc-admin"));
	}

	@Test
	void whenSignInsSucceedThenTheyUseNoneOfTheAllowance() throws Exception {
		for (int i = 0; i < 10; i++) {
			signIn("dave", PASSWORD, "10.0.3.1").andExpect(redirectedUrl("/grpc-admin"));
		}
		for (int i = 0; i < 3; i++) {
			signIn("dave", "wrong", "10.0.3.1").andExpect(redirectedUrl("/grpc-admin/login?error"));
		}
		signIn("dave", PASSWORD, "10.0.3.1").andExpect(redirectedUrlPattern("/grpc-admin/login?locked=*"));
	}

	@Test
	void whenTheLoginPageIsShownAfterARefusalThenItSaysWhyAndHowLongToWait() throws Exception {
		assertThat(page("/grpc-admin/login?locked=1200"))
			.contains("Too many failed sign-in attempts for this user name or from this address.")
			.contains("Try again in <span>20 minutes</span>.")
			.doesNotContain("Wrong user name or password");
		assertThat(page("/grpc-admin/login?locked=45")).contains("Try again in <span>45 seconds</span>.");
		assertThat(page("/grpc-admin/login?locked=%3Cscript%3E")).contains("Try again in <span>a while</span>.")
			.doesNotContain("<script>");
		assertThat(page("/grpc-admin/login")).doesNotContain("Too many failed sign-in attempts");
	}

	private ResultActions signIn(String user, String password, String address) throws Exception {
		return this.mvc.perform(post("/grpc-admin/login").param("username", user)
			.param("password", password)
			.with(csrf())
			.with((request) -> {
				request.setRemoteAddr(address);
				return request;
			}));
	}

	/**
	 * The sign-in was refused with a wait of the full period less the time since the first
	 * failure (unknown users cost a password hash each, so on a slow machine the failures take
	 * seconds), in the header and in the page it is sent to alike.
	 */
	private static void assertLockedFor(ResultActions result, long fullSeconds, long firstFailureNanos) {
		MvcResult refused = result.andReturn();
		long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - firstFailureNanos) + 1;
		String retryAfter = refused.getResponse().getHeader("Retry-After");
		assertThat(retryAfter).isNotNull();
		assertThat(Long.parseLong(retryAfter)).isBetween(fullSeconds - elapsed, fullSeconds);
		assertThat(refused.getResponse().getRedirectedUrl()).isEqualTo("/grpc-admin/login?locked=" + retryAfter);
	}

	private String page(String url) throws Exception {
		return this.mvc.perform(get(url)).andReturn().getResponse().getContentAsString();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Users {

		@Bean
		UserDetailsService adminUsers() {
			return new InMemoryUserDetailsManager(
					java.util.stream.Stream.of("alice", "bob", "carol", "dave")
						.map((name) -> User.withUsername(name).password("{noop}" + PASSWORD).roles("ADMIN").build())
						.toList());
		}

	}

}
