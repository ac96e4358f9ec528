package dev.grpcstarter.admin;

import dev.grpcstarter.admintest.AdminTestApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The admin path and the API-key header come from their properties alone: pages, links,
 * assets, sign-in and the explorer all follow them.
 */
@SpringBootTest(classes = AdminTestApplication.class,
		properties = { "spring.grpc.server.enabled=false", "grpc.admin.path=/ops/console",
				"grpc.auth.header=x-ops-key", "spring.datasource.url=jdbc:h2:mem:admin-path-tests;DB_CLOSE_DELAY=-1" })
class AdminPathMockMvcTests {

	private MockMvc mvc;

	@Autowired
	private WebApplicationContext context;

	@BeforeEach
	void mockMvc() {
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context)
			.apply(SecurityMockMvcConfigurers.springSecurity())
			.build();
	}

	@Test
	void whenAnonymousThenRedirectedToTheLoginUnderTheConfiguredPath() throws Exception {
		this.mvc.perform(get("/ops/console/keys")).andExpect(redirectedUrl("/ops/console/login"));
		this.mvc.perform(get("/ops/console/login")).andExpect(status().isOk());
	}

	@Test
	@WithMockUser(authorities = "ROLE_ADMIN")
	void whenThePathIsConfiguredThenPagesLinksAndAssetsAreUnderIt() throws Exception {
		for (String page : new String[] { "", "/", "/keys", "/keys/new", "/logs", "/servers", "/audit", "/explorer" }) {
			this.mvc.perform(get("/ops/console" + page))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("href=\"/ops/console/keys\"")))
				.andExpect(content().string(not(containsString("/grpc-admin/"))));
		}
		this.mvc.perform(get("/ops/console/assets/admin.css")).andExpect(status().isOk());
		this.mvc.perform(get("/grpc-admin/keys")).andExpect(status().isNotFound());
	}

	@Test
	@WithMockUser(authorities = "ROLE_ADMIN")
	void whenTheKeyHeaderIsConfiguredThenTheExplorerSendsTheKeyInIt() throws Exception {
		this.mvc.perform(get("/ops/console/explorer").param("service", "a.v1.Svc").param("method", "Get"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("API key (sent as x-ops-key)")));
	}

}
