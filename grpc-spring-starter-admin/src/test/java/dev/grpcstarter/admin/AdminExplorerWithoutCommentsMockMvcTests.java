package dev.grpcstarter.admin;

import dev.grpcstarter.adminexplorer.EchoGrpcService;
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
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The explorer of an application whose build wrote no descriptor set: everything works,
 * without comments.
 */
@SpringBootTest(classes = { AdminTestApplication.class, EchoGrpcService.class },
		properties = { "spring.grpc.server.port=0", "grpc.services.packages=dev.grpcstarter.adminexplorer",
				"grpc.auth.enabled=false", "grpc.admin.explorer.descriptor-sets=classpath*:META-INF/grpc/absent.binpb" })
@WithMockUser(authorities = "ROLE_ADMIN")
class AdminExplorerWithoutCommentsMockMvcTests {

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
	void whenNoDescriptorSetIsFoundThenTheExplorerWorksWithoutComments() throws Exception {
		String page = this.mvc.perform(get("/grpc-admin/explorer").param("service", "explorer.v1.EchoService")
			.param("method", "Echo")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		assertThat(page).contains("data-path=\"labels[].colour\"")
			.doesNotContain("id=\"service-doc\"")
			.doesNotContain("id=\"method-doc\"")
			.doesNotContain("Any text.")
			.doesNotContain("class=\"doc\"");
		String result = this.mvc
			.perform(post("/grpc-admin/explorer").with(csrf())
				.param("service", "explorer.v1.EchoService")
				.param("method", "Echo")
				.param("request", "{\"text\": \"plain\"}"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(result).contains("status-OK").contains("plain");
	}

}
