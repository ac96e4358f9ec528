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

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The explorer's permalink round trip as served: a link restores method, body and metadata,
 * and neither it nor the page it opens carries an API key.
 */
@SpringBootTest(classes = AdminTestApplication.class, properties = "spring.grpc.server.enabled=false")
@WithMockUser(authorities = "ROLE_ADMIN")
class AdminExplorerMockMvcTests {

	@Autowired
	private WebApplicationContext context;

	private MockMvc mvc;

	@BeforeEach
	void mockMvc() {
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context)
			.apply(SecurityMockMvcConfigurers.springSecurity())
			.build();
	}

	@Test
	void whenAPermalinkIsOpenedThenTheFormHoldsItsRequestAndMetadataButNoKey() throws Exception {
		String page = this.mvc
			.perform(get("/grpc-admin/explorer").param("service", "shop.v1.Orders")
				.param("method", "Get")
				.param("request", "{\"id\": \"7\"}")
				.param("metadata", "x-api-key: gsk_secret\nx-trace: abc"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("{&quot;id&quot;: &quot;7&quot;}</textarea>");
		String permalink = page.replaceAll("(?s).*<a id=\"permalink\" href=\"([^\"]*)\".*", "$1");
		assertThat(permalink).startsWith("/grpc-admin/explorer?service=shop.v1.Orders&amp;method=Get&amp;request=")
			.contains("x-trace")
			.doesNotContain("gsk_secret")
			.doesNotContain("x-api-key");
		assertThat(page).contains("name=\"apiKey\" value=\"\"");
	}

}
