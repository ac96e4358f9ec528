package dev.grpcstarter.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.grpcstarter.admin.web.RequestLogFilterForm;
import dev.grpcstarter.admintest.AdminTestApplication;
import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.NewApiKey;
import dev.grpcstarter.core.call.CallTransport;
import dev.grpcstarter.core.requestlog.RejectedCallRowBudget;
import dev.grpcstarter.core.requestlog.RequestLogEntry;
import dev.grpcstarter.core.requestlog.RequestLogFilter;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import dev.grpcstarter.core.requestlog.RequestStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.forwardedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The admin UI over MockMvc: access rules, CSRF, escaping, security headers and every
 * form's validation errors.
 */
@SpringBootTest(classes = AdminTestApplication.class, properties = "spring.grpc.server.enabled=false")
class AdminPagesMockMvcTests {

	private static final String XSS = "<script>alert('x')</script>";

	private MockMvc mvc;

	@Autowired
	private org.springframework.web.context.WebApplicationContext context;

	@Autowired
	private ApiKeyService keys;

	@Autowired
	private RequestLogWriter writer;

	@org.junit.jupiter.api.BeforeEach
	void mockMvc() {
		this.mvc = org.springframework.test.web.servlet.setup.MockMvcBuilders.webAppContextSetup(this.context)
			.apply(org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity())
			.build();
	}

	@Test
	void whenAnonymousThenRedirectedToLogin() throws Exception {
		this.mvc.perform(get("/grpc-admin/keys")).andExpect(status().isFound())
			.andExpect(redirectedUrl("/grpc-admin/login"));
		this.mvc.perform(get("/grpc-admin/login")).andExpect(status().isOk());
	}

	@Test
	void whenUserLacksTheAuthorityThenForbiddenOnTheAdminPageNamingTheAuthority() throws Exception {
		this.mvc.perform(get("/grpc-admin/keys").with(user("bob").roles("USER")))
			.andExpect(status().isForbidden())
			.andExpect(forwardedUrl("/grpc-admin/forbidden"));
		this.mvc.perform(get("/grpc-admin/forbidden").with(user("bob").roles("USER")))
			.andExpect(status().isForbidden())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("needs the authority <code>ROLE_ADMIN</code>")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("/grpc-admin/assets/admin.css")));
	}

	@Test
	@WithMockUser(authorities = "ROLE_ADMIN")
	void whenAnAdminPathDoesNotExistThenTheAdminNotFoundPageAnswers() throws Exception {
		this.mvc.perform(get("/grpc-admin/nothing-here"))
			.andExpect(status().isNotFound())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Nothing in the admin UI at /grpc-admin/nothing-here.")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("/grpc-admin/assets/admin.css")));
	}

	@Test
	void whenTheDefaultAdminSignsInThenTheOverviewOpens() throws Exception {
		this.mvc.perform(formLogin("/grpc-admin/login").user("admin").password("test-admin-password"))
			.andExpect(redirectedUrl("/grpc-admin"));
		this.mvc.perform(formLogin("/grpc-admin/login").user("admin").password("wrong"))
			.andExpect(redirectedUrl("/grpc-admin/login?error"));
	}

	@Test
	@WithMockUser(authorities = "ROLE_ADMIN")
	void whenAChangeComesWithoutCsrfTokenThenItIsRejected() throws Exception {
		this.mvc.perform(post("/grpc-admin/keys").param("name", "n").param("owner", "o"))
			.andExpect(status().isForbidden());
		long id = this.keys.create(NewApiKey.of("csrf", "carol")).key().id();
		this.mvc.perform(post("/grpc-admin/keys/" + id + "/revoke")).andExpect(status().isForbidden());
		assertThat(this.keys.find(id).orElseThrow().getRevokedAt()).isNull();
	}

	@Test
	@WithMockUser(authorities = "ROLE_ADMIN")
	void whenPagesAreServedThenSecurityHeadersForbidScriptsAndFraming() throws Exception {
		this.mvc.perform(get("/grpc-admin"))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Security-Policy",
					org.hamcrest.Matchers.containsString("script-src 'self'")))
			.andExpect(header().string("X-Frame-Options", "DENY"));
	}

	@Test
	@WithMockUser(username = "root", authorities = "ROLE_ADMIN")
	void whenAKeyIsCreatedThenItIsShownOnceEscapedAndAudited() throws Exception {
		MvcResult created = this.mvc
			.perform(post("/grpc-admin/keys").with(csrf())
				.param("name", XSS)
				.param("owner", "dora")
				.param("authorities", "ROLE_STAFF")
				.param("scopes", "bookstore.v1.BookService/*"))
			.andExpect(redirectedUrl("/grpc-admin/keys/created"))
			.andReturn();
		String page = this.mvc.perform(get("/grpc-admin/keys/created").flashAttrs(created.getFlashMap()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("shown only this once").doesNotContain(XSS).contains("&lt;script&gt;");
		// A refresh of the result page: the key is gone and nothing is created.
		long before = this.keys.list("", 0, 500).keys().size();
		this.mvc.perform(get("/grpc-admin/keys/created")).andExpect(redirectedUrl("/grpc-admin/keys"));
		assertThat(this.keys.list("", 0, 500).keys()).hasSize((int) before);
		String raw = page.replaceAll("(?s).*id=\"raw-key\">(gsk_[0-9A-Za-z]+)<.*", "$1");
		assertThat(raw).startsWith("gsk_").hasSize(53);
		long id = this.keys.verify(raw).orElseThrow().id();
		String keyPage = this.mvc.perform(get("/grpc-admin/keys/" + id))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(keyPage).doesNotContain(raw).doesNotContain(XSS).contains("&lt;script&gt;").contains("root")
			.contains("create");
		assertThat(this.mvc.perform(get("/grpc-admin/keys").param("q", "dora")).andReturn().getResponse()
			.getContentAsString()).doesNotContain(XSS).contains("&lt;script&gt;");
		assertThat(this.mvc.perform(get("/grpc-admin/audit")).andReturn().getResponse().getContentAsString())
			.contains("root").contains("create").doesNotContain(XSS);
	}

	@Test
	@WithMockUser(authorities = "ROLE_ADMIN")
	void whenACallFailedWithAScriptInItsMessageThenTheLogPagesEscapeIt() throws Exception {
		this.writer.accept(new RequestLogEntry(null, "xss-request", "instance", "xss.v1.Svc", "Do" + XSS, "unary",
				RequestStatus.ERROR, "INVALID_ARGUMENT", "bad " + XSS, 1500, null, XSS, true, "10.0.0.1", XSS, 1, 0, 3,
				0, Instant.now()));
		this.writer.awaitIdle(java.time.Duration.ofSeconds(5));
		String logs = this.mvc.perform(get("/grpc-admin/logs").param("service", "xss.v1.Svc"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(logs).contains("bad &lt;script&gt;").doesNotContain(XSS);
		String id = logs.replaceAll("(?s).*href=\"/grpc-admin/logs/(\\d+)\".*", "$1");
		assertThat(this.mvc.perform(get("/grpc-admin/logs/" + id)).andReturn().getResponse().getContentAsString())
			.contains("&lt;script&gt;")
			.doesNotContain(XSS);
	}

	@Test
	@WithMockUser(authorities = "ROLE_ADMIN")
	void whenTheCreateFormIsInvalidThenEveryFieldNamesItsProblem() throws Exception {
		String page = this.mvc
			.perform(post("/grpc-admin/keys").with(csrf())
				.param("name", "")
				.param("owner", "")
				.param("scopes", "not a pattern")
				.param("expiresAt", "tomorrow")
				.param("rateLimitPerMinute", "many"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("owner: must not be blank")
			.contains("expiry: use a date and time like 2027-01-31T12:00 (UTC)")
			.contains("rate limit: a whole number of calls per minute");
		String second = this.mvc
			.perform(post("/grpc-admin/keys").with(csrf())
				.param("name", "")
				.param("owner", "erin")
				.param("scopes", "not a pattern"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(second).contains("name: must not be blank");
		assertThat(this.mvc
			.perform(post("/grpc-admin/keys").with(csrf()).param("name", "n").param("owner", "erin")
				.param("scopes", "not a pattern"))
			.andReturn()
			.getResponse()
			.getContentAsString()).contains("scopes: &#39;not a pattern&#39; is not a method pattern");
		assertThat(this.mvc
			.perform(post("/grpc-admin/keys").with(csrf()).param("name", "n").param("owner", "erin")
				.param("rateLimitPerMinute", "0"))
			.andReturn()
			.getResponse()
			.getContentAsString()).contains("rateLimitPerMinute: must be at least 1");
		assertThat(this.mvc
			.perform(post("/grpc-admin/keys").with(csrf()).param("name", "n").param("owner", "erin")
				.param("expiresAt", "2001-01-01T00:00"))
			.andReturn()
			.getResponse()
			.getContentAsString()).contains("expiresAt: must be in the future");
	}

	@Test
	@WithMockUser(username = "root", authorities = "ROLE_ADMIN")
	void whenEditingRevokingAndRotatingThenFormsValidateAndActionsAreAudited() throws Exception {
		long id = this.keys.create(new NewApiKey("edit-me", null, "fred", List.of(), List.of(), null, null, null))
			.key()
			.id();
		assertThat(this.mvc
			.perform(post("/grpc-admin/keys/" + id + "/edit").with(csrf()).param("name", "").param("rateLimitPerMinute",
					"-3"))
			.andReturn()
			.getResponse()
			.getContentAsString()).contains("name: must not be blank");
		this.mvc
			.perform(post("/grpc-admin/keys/" + id + "/edit").with(csrf())
				.param("name", "edited")
				.param("rateLimitPerMinute", "60"))
			.andExpect(redirectedUrl("/grpc-admin/keys/" + id));
		assertThat(this.keys.find(id).orElseThrow().getRateLimitPerMinute()).isEqualTo(60);

		assertThat(this.mvc.perform(post("/grpc-admin/keys/" + id + "/rotate").with(csrf()).param("grace", "2y"))
			.andReturn()
			.getResponse()
			.getContentAsString()).contains("grace period: choose now, 1h, 24h or 7d");
		MvcResult rotation = this.mvc
			.perform(post("/grpc-admin/keys/" + id + "/rotate").with(csrf()).param("grace", "1h"))
			.andExpect(redirectedUrl("/grpc-admin/keys/created"))
			.andReturn();
		String rotated = this.mvc.perform(get("/grpc-admin/keys/created").flashAttrs(rotation.getFlashMap()))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(rotated).contains("shown only this once").contains("rotated");

		this.mvc.perform(get("/grpc-admin/keys/" + id + "/revoke")).andExpect(content().string(
				org.hamcrest.Matchers.containsString("Revoke the key")));
		this.mvc.perform(post("/grpc-admin/keys/" + id + "/revoke").with(csrf()))
			.andExpect(redirectedUrl("/grpc-admin/keys/" + id));
		assertThat(this.keys.find(id).orElseThrow().getRevokedAt()).isNotNull();
		assertThat(this.mvc.perform(get("/grpc-admin/keys/" + id)).andReturn().getResponse().getContentAsString())
			.contains("revoke")
			.contains("rotate")
			.contains("edit");
		this.mvc.perform(get("/grpc-admin/keys/999999")).andExpect(status().isNotFound());
	}

	@Test
	@WithMockUser(authorities = "ROLE_ADMIN")
	void whenTheLogIsFilteredByTransportThenOnlyThatTransportsRowsShowWithTheirTransport() throws Exception {
		Instant now = Instant.now();
		this.writer.accept(new RequestLogEntry(null, "transport-web", "instance", "transport.v1.Svc", "Get", "unary",
				RequestStatus.SUCCESS, "OK", null, 1500, null, null, false, null, "10.0.0.1", null, 1, 1, 3, 3, now, 1,
				CallTransport.GRPC_WEB));
		this.writer.accept(new RequestLogEntry(null, "transport-grpc", "instance", "transport.v1.Svc", "Get", "unary",
				RequestStatus.SUCCESS, "OK", null, 1500, null, null, false, "10.0.0.1", null, 1, 1, 3, 3, now));
		this.writer.awaitIdle(java.time.Duration.ofSeconds(5));
		String web = this.mvc
			.perform(get("/grpc-admin/logs").param("service", "transport.v1.Svc").param("transport", "grpc-web"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(web).contains("<td>grpc-web</td>").doesNotContain("<td>grpc</td>");
		String all = this.mvc.perform(get("/grpc-admin/logs").param("service", "transport.v1.Svc"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(all).contains("<td>grpc-web</td>").contains("<td>grpc</td>");
		assertThat(this.mvc.perform(get("/grpc-admin/logs").param("transport", "pigeon"))
			.andExpect(model().attributeHasFieldErrors("filter", "transport"))
			.andReturn()
			.getResponse()
			.getContentAsString()).contains("transport: one of grpc, grpc-web, http-json");
	}

	@Test
	@WithMockUser(authorities = "ROLE_ADMIN")
	void whenARowSummarisesRefusedCallsThenTheLogPagesSayHowMany() throws Exception {
		this.writer.accept(new RequestLogEntry(null, "summary-row", "instance", "summary.v1.Svc", "Get",
				RejectedCallRowBudget.SUMMARY_CALL_TYPE, RequestStatus.ERROR, "UNAUTHENTICATED",
				"invalid API key", 250, null, null, false, null, "10.0.0.9", null, 130, 0, 0, 0, Instant.now(), 130,
				CallTransport.GRPC));
		this.writer.awaitIdle(java.time.Duration.ofSeconds(5));
		String logs = this.mvc.perform(get("/grpc-admin/logs").param("service", "summary.v1.Svc"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(logs).contains("<td>summary of 130 calls</td>").contains("mean 250 µs");
		String id = logs.replaceAll("(?s).*href=\"/grpc-admin/logs/(\\d+)\".*", "$1");
		assertThat(this.mvc.perform(get("/grpc-admin/logs/" + id)).andReturn().getResponse().getContentAsString())
			.contains("<dt>Summary of</dt><dd>130 refused calls left out of the log")
			.contains("<dt>Mean duration</dt>")
			.contains("<dt>Messages in / out, all calls</dt><dd>130 / 0</dd>")
			.doesNotContain("<dt>Call type</dt>");
	}

	@Test
	@WithMockUser(authorities = "ROLE_ADMIN")
	void whenTheLogFiltersAreInvalidThenEachIsNamed() throws Exception {
		assertThat(this.mvc
			.perform(get("/grpc-admin/logs").param("from", "yesterday")
				.param("to", "2026-11-23 10:00")
				.param("status", "weird")
				.param("key", "abc")
				.param("minMs", "-1"))
			.andExpect(model().attributeHasFieldErrors("filter", "from", "to", "status", "key", "minMs"))
			.andExpect(model().attributeDoesNotExist("page"))
			.andReturn()
			.getResponse()
			.getContentAsString()).contains("from: use a date and time like 2026-11-23T10:00 (UTC)")
			.contains("to: use a date and time like 2026-11-23T10:00 (UTC)")
			.contains("status: one of success, error, cancelled, timeout")
			.contains("key: a key id, a whole number")
			.contains("minimum duration: a whole number of milliseconds")
			.doesNotContain("Failed to convert");
	}

	@Test
	@WithMockUser(authorities = "ROLE_ADMIN")
	void whenTheLogFiltersAreValidThenTheyAreBoundAndTheSearchRuns() throws Exception {
		MvcResult result = this.mvc
			.perform(get("/grpc-admin/logs").param("from", "2026-11-23T10:00")
				.param("to", "2026-11-23T11:30:15")
				.param("service", "bookstore.v1.BookService")
				.param("status", "error")
				.param("code", " not_found ")
				.param("key", "7")
				.param("minMs", "250"))
			.andExpect(status().isOk())
			.andExpect(model().attributeHasNoErrors("filter"))
			.andExpect(model().attributeExists("page"))
			.andReturn();
		RequestLogFilterForm form = (RequestLogFilterForm) result.getModelAndView().getModel().get("filter");
		assertThat(form.toFilter()).isEqualTo(new RequestLogFilter(Instant.parse("2026-11-23T10:00:00Z"),
				Instant.parse("2026-11-23T11:30:15Z"), "bookstore.v1.BookService", "", RequestStatus.ERROR,
				"NOT_FOUND", 7L, "", Duration.ofMillis(250)));
	}

	@Test
	@WithMockUser(authorities = "ROLE_ADMIN")
	void whenTheServiceRefusesASettingThenTheErrorIsOnThatField() throws Exception {
		this.mvc
			.perform(post("/grpc-admin/keys").with(csrf()).param("name", "n").param("owner", "erin")
				.param("rateLimitPerMinute", "0"))
			.andExpect(model().attributeErrorCount("form", 1))
			.andExpect(model().attributeHasFieldErrorCode("form", "rateLimitPerMinute", "invalid"));
		this.mvc
			.perform(post("/grpc-admin/keys").with(csrf()).param("name", "n").param("owner", "erin")
				.param("scopes", "not a pattern"))
			.andExpect(model().attributeHasFieldErrorCode("form", "scopes", "invalid"));
		this.mvc
			.perform(post("/grpc-admin/keys").with(csrf()).param("name", "n").param("owner", "erin")
				.param("authorities", "ROLE_STAFF").param("description", "d".repeat(501)))
			.andExpect(model().attributeHasFieldErrorCode("form", "description", "invalid"));
		this.mvc
			.perform(post("/grpc-admin/keys").with(csrf()).param("name", "n").param("owner", "erin")
				.param("expiresAt", "2001-01-01T00:00"))
			.andExpect(model().attributeHasFieldErrorCode("form", "expiresAt", "invalid"));
	}

	@Test
	@WithMockUser(authorities = "ROLE_ADMIN")
	void whenEveryPageIsOpenedThenItRenders() throws Exception {
		for (String page : List.of("", "/keys", "/keys/new", "/logs", "/servers", "/audit", "/explorer")) {
			this.mvc.perform(get("/grpc-admin" + page)).andExpect(status().isOk());
		}
		this.mvc.perform(get("/grpc-admin").param("window", "7d")).andExpect(status().isOk());
		this.mvc.perform(get("/grpc-admin/assets/admin.css")).andExpect(status().isOk());
	}

}
