package dev.grpcstarter.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.grpcstarter.admintest.AdminTestApplication;
import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.NewApiKey;
import dev.grpcstarter.core.requestlog.RequestLogEntry;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import dev.grpcstarter.core.requestlog.RequestStatus;
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
 * The overview's and the key page's charts as served: real axes (ticks with times and
 * units), calls and errors on one scale, latency percentiles, tooltips, a labelled empty
 * state, a rate limit drawn against a key's usage.
 */
@SpringBootTest(classes = AdminTestApplication.class, properties = "spring.grpc.server.enabled=false")
@WithMockUser(authorities = "ROLE_ADMIN")
class AdminChartsMockMvcTests {

	@Autowired
	private WebApplicationContext context;

	@Autowired
	private RequestLogWriter writer;

	@Autowired
	private ApiKeyService keys;

	private MockMvc mvc;

	@BeforeEach
	void mockMvc() {
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context)
			.apply(SecurityMockMvcConfigurers.springSecurity())
			.build();
	}

	@Test
	void whenAMethodHadNoCallsThenItsChartsSaySoAndKeepTheirAxes() throws Exception {
		String page = page("/grpc-admin?window=1h&method=empty.v1.Svc/Nothing");
		assertThat(page).contains("Overview: empty.v1.Svc/Nothing");
		assertThat(count(page, "No calls in this window")).isEqualTo(2);
		assertThat(count(page, "class=\"axis x-axis\"")).isEqualTo(2);
		assertThat(count(page, "class=\"axis y-axis\"")).isEqualTo(2);
		assertThat(page).doesNotContain("<rect class=\"ok\"").doesNotContain("<polyline");
	}

	@Test
	void whenCallsWereMadeThenBarsStackFailuresOnTheSameScaleWithTooltipsAndTimeTicks() throws Exception {
		String method = "charts.v1.Svc/Do" + UUID.randomUUID().toString().substring(0, 8);
		Instant now = Instant.now();
		write(method, RequestStatus.SUCCESS, "OK", 2_000, null, now);
		write(method, RequestStatus.SUCCESS, "OK", 4_000, null, now);
		write(method, RequestStatus.ERROR, "NOT_FOUND", 9_000, null, now);
		String page = page("/grpc-admin?window=1h&method=" + method);
		assertThat(page).contains("calls per minute").contains("time (UTC)").contains("latency (ms)");
		assertThat(page).contains("<rect class=\"ok\"").contains("<rect class=\"failed\"");
		assertThat(page).contains(": 3 calls, 1 failed</title>");
		// The value axis counts calls in whole steps up to the peak; the latency axis is in milliseconds.
		assertThat(page).containsPattern("<text class=\"tick\" text-anchor=\"end\"[^>]*>3</text>")
			.doesNotContainPattern("<text class=\"tick\" text-anchor=\"end\"[^>]*>4</text>");
		assertThat(page).containsPattern("<text class=\"tick\" text-anchor=\"end\"[^>]*>\\d+ ms</text>");
		// Time ticks every ten minutes in a one-hour window, as HH:mm.
		assertThat(page).containsPattern("<text class=\"tick\" text-anchor=\"middle\"[^>]*>\\d\\d:\\d0</text>");
		assertThat(page).contains("<polyline class=\"p50\"").contains("<polyline class=\"p95\"")
			.contains("<polyline class=\"p99\"");
		assertThat(page).containsPattern("p99 8\\.9\\d* ms \\(3 calls\\)</title>");
		assertThat(page).doesNotContain("No calls in this window");
	}

	@Test
	void whenTheOverviewIsShownThenEveryWindowIsALinkAndTheCurrentOneIsMarked() throws Exception {
		String page = page("/grpc-admin?window=7d");
		assertThat(page).contains("href=\"/grpc-admin?window=1h\"").contains("href=\"/grpc-admin?window=24h\"");
		assertThat(page).containsPattern("href=\"/grpc-admin\\?window=7d\"[^>]*aria-current=\"page\"");
		String windows = page.substring(page.indexOf("<nav class=\"windows\""));
		assertThat(windows.substring(0, windows.indexOf("</nav>"))).doesNotContain("<button").contains("last 1h");
	}

	@Test
	void whenAKeyHasARateLimitThenItsUsageChartDrawsItAsAGuide() throws Exception {
		long id = this.keys
			.create(new NewApiKey("charted", null, "ann", List.of(), List.of(), null, 2, "tests"))
			.key()
			.id();
		write("charts.v1.Svc/Keyed", RequestStatus.SUCCESS, "OK", 1_000, id, Instant.now());
		String page = page("/grpc-admin/keys/" + id);
		assertThat(page).contains("<line class=\"guide\"").contains("limit 2/1m = 60 per 30 min");
		assertThat(page).contains("calls per 30 min").contains(": 1 calls, 0 failed</title>");
	}

	private void write(String method, RequestStatus status, String code, long micros, Long keyId, Instant at) {
		int slash = method.indexOf('/');
		this.writer.accept(new RequestLogEntry(null, UUID.randomUUID().toString(), "instance",
				method.substring(0, slash), method.substring(slash + 1), "unary", status, code, null, micros, keyId,
				null, keyId != null, "10.0.0.1", null, 1, 1, 3, 3, at));
		assertThat(this.writer.awaitIdle(Duration.ofSeconds(5))).isTrue();
	}

	private String page(String url) throws Exception {
		return this.mvc.perform(get(url)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
	}

	private static int count(String text, String part) {
		return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
	}

}
