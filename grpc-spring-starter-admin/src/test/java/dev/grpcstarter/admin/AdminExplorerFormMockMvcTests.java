package dev.grpcstarter.admin;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.grpcstarter.adminexplorer.EchoGrpcService;
import dev.grpcstarter.adminexplorer.v1.EchoRequest;
import dev.grpcstarter.adminexplorer.v1.EchoServiceGrpc;
import dev.grpcstarter.admintest.AdminTestApplication;
import dev.grpcstarter.core.requestlog.ExplorerCallTickets;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The explorer against a real gRPC server on a random port serving the tests' echo
 * service: the request form lists every field with its type and offers enum values, an
 * invocation shows the response, and the request log names the admin user who made a call
 * from the explorer (and no one for calls from elsewhere).
 */
@SpringBootTest(classes = { AdminTestApplication.class, EchoGrpcService.class },
		properties = { "spring.grpc.server.port=0", "grpc.services.packages=dev.grpcstarter.adminexplorer",
				"grpc.auth.enabled=false" })
@WithMockUser(username = "operator", authorities = "ROLE_ADMIN")
class AdminExplorerFormMockMvcTests {

	@Autowired
	private WebApplicationContext context;

	@Autowired
	private GrpcServerLifecycle grpcServer;

	@Autowired
	private EchoGrpcService echo;

	@Autowired
	private ExplorerCallTickets tickets;

	@Autowired
	private DataSource dataSource;

	private MockMvc mvc;

	@BeforeEach
	void mockMvc() {
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context)
			.apply(SecurityMockMvcConfigurers.springSecurity())
			.build();
	}

	@Test
	void whenAMethodIsChosenThenItsFieldsAreListedWithTypesAndEnumValues() throws Exception {
		String page = this.mvc.perform(get("/grpc-admin/explorer").param("service", "explorer.v1.EchoService")
			.param("method", "Echo")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		assertThat(page).contains("unary, explorer.v1.EchoRequest → explorer.v1.EchoReply")
			.contains("Request fields (explorer.v1.EchoRequest)");
		assertThat(row(page, "text")).contains("<td class=\"type\">string</td>");
		assertThat(row(page, "colour")).contains("<td class=\"type\">enum explorer.v1.Colour</td>")
			.contains("data-value=\"COLOUR_UNSPECIFIED\"")
			.contains("data-value=\"COLOUR_RED\"")
			.contains("data-value=\"COLOUR_GREEN\"");
		assertThat(row(page, "labels")).contains("repeated message explorer.v1.Label");
		// Nested fields of a repeated message: below their parent, one level deeper.
		assertThat(row(page, "labels[].colour")).contains("class=\"depth-1\"")
			.contains("enum explorer.v1.Colour")
			.contains("data-path=\"labels[].colour\" data-value=\"COLOUR_RED\"");
		assertThat(row(page, "ids")).contains("repeated int64");
		assertThat(row(page, "main")).contains("message explorer.v1.Label");
		assertThat(row(page, "main.name")).contains("class=\"depth-1\"").contains(">string<");
		assertThat(page.indexOf("data-path=\"labels\"")).isLessThan(page.indexOf("data-path=\"labels[].name\""));
	}

	@Test
	void whenACallIsMadeFromTheExplorerThenItsRowNamesTheAdminUserEvenIfTheFormCarriedAForgedTicket()
			throws Exception {
		this.mvc
			.perform(post("/grpc-admin/explorer").with(csrf())
				.param("service", "explorer.v1.EchoService")
				.param("method", "Echo")
				.param("request", "{\"text\": \"marked\"}")
				.param("metadata", "x-request-id: explorer-unary-1\nx-grpc-explorer-ticket: forged"))
			.andExpect(status().isOk());
		assertThat(explorerUserOfRow("explorer-unary-1")).isEqualTo("operator");
		String logs = this.mvc.perform(get("/grpc-admin/logs").param("method", "Echo"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(logs).contains("<span class=\"muted\"> (explorer: operator)</span>");
	}

	@Test
	void whenAStreamIsStreamedFromTheExplorerThenItsRowNamesTheAdminUser() throws Exception {
		MvcResult started = this.mvc
			.perform(post("/grpc-admin/explorer/stream").with(csrf())
				.param("service", "explorer.v1.EchoService")
				.param("method", "Count")
				.param("request", "{\"to\": 2, \"intervalMillis\": 1}")
				.param("metadata", "x-request-id: explorer-stream-1"))
			.andExpect(request().asyncStarted())
			.andReturn();
		started.getAsyncResult(10_000);
		assertThat(explorerUserOfRow("explorer-stream-1")).isEqualTo("operator");
	}

	@Test
	void whenAnotherClientSendsATicketThenOnlyOneIssuedAndNotYetUsedMarksItsCall() throws Exception {
		String issued = this.tickets.issue("operator");
		ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", this.grpcServer.getPort())
			.usePlaintext()
			.build();
		try {
			echoWithTicket(channel, "outside-forged", "not-a-ticket");
			echoWithTicket(channel, "outside-issued", issued);
			echoWithTicket(channel, "outside-reused", issued);
		}
		finally {
			channel.shutdownNow();
		}
		assertThat(explorerUserOfRow("outside-forged")).isNull();
		assertThat(explorerUserOfRow("outside-issued")).isEqualTo("operator");
		assertThat(explorerUserOfRow("outside-reused")).isNull();
	}

	private static void echoWithTicket(ManagedChannel channel, String requestId, String ticket) {
		Metadata headers = new Metadata();
		headers.put(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER), requestId);
		headers.put(ExplorerCallTickets.HEADER, ticket);
		EchoServiceGrpc.newBlockingStub(channel)
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
			.echo(EchoRequest.newBuilder().setText("from outside").build());
	}

	/** The explorer user of a call's row, once the row is written. */
	private @Nullable String explorerUserOfRow(String requestId) {
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		String sql = "select count(*) from grpc_request_log where request_id = ?";
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> jdbc.queryForObject(sql, Integer.class, requestId), (count) -> count == 1);
		return jdbc.queryForObject("select explorer_user from grpc_request_log where request_id = ?", String.class,
				requestId);
	}

	@Test
	void whenAnEnumValueIsSentThenTheResponseEchoesIt() throws Exception {
		String page = this.mvc
			.perform(post("/grpc-admin/explorer").with(csrf())
				.param("service", "explorer.v1.EchoService")
				.param("method", "Echo")
				.param("request", "{\"text\": \"hi\", \"colour\": \"COLOUR_GREEN\", \"labels\": [{\"colour\": \"COLOUR_RED\"}]}"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("<span class=\"status status-OK\">OK</span>")
			.contains("&quot;colour&quot;: &quot;COLOUR_GREEN&quot;")
			.contains("&quot;colour&quot;: &quot;COLOUR_RED&quot;");
	}

	@Test
	void whenARequestCarriedAKeyThenTheCopiedCommandsReferToItButNeverHoldIt() throws Exception {
		String page = this.mvc
			.perform(post("/grpc-admin/explorer").with(csrf())
				.param("service", "explorer.v1.EchoService")
				.param("method", "Echo")
				.param("request", "{\"text\": \"it's\"}")
				.param("metadata", "x-api-key: gsk_secret_in_metadata\nx-trace: abc")
				.param("apiKey", "gsk_secret_in_field"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		String port = String.valueOf(this.grpcServer.getPort());
		String grpcCall = pre(page, "grpc-call-command");
		assertThat(grpcCall).isEqualTo("grpc-call call localhost:" + port + " explorer.v1.EchoService/Echo"
				+ " -d '{\"text\":\"it'\\''s\"}' -H 'x-trace: abc' -H \"x-api-key: $GRPC_API_KEY\" --plaintext");
		assertThat(pre(page, "grpcurl-command")).isEqualTo("grpcurl -plaintext -H 'x-trace: abc'"
				+ " -H \"x-api-key: $GRPC_API_KEY\" -d '{\"text\":\"it'\\''s\"}' localhost:" + port
				+ " explorer.v1.EchoService/Echo");
		String commands = page.substring(page.indexOf("<div class=\"panel commands\""), page.indexOf("id=\"grpcurl-command\""));
		assertThat(commands).contains("$GRPC_API_KEY").doesNotContain("gsk_secret");
		assertThat(pre(page, "responses-text")).contains("\"text\": \"it\\u0027s\"");
	}

	@Test
	void whenNoKeyWasGivenThenTheCommandsSendNone() throws Exception {
		String page = this.mvc.perform(get("/grpc-admin/explorer").param("service", "explorer.v1.EchoService")
			.param("method", "Count")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		assertThat(pre(page, "grpc-call-command")).startsWith("grpc-call call localhost:")
			.endsWith("explorer.v1.EchoService/Count -d '{\"to\":0,\"intervalMillis\":0}' --plaintext");
		assertThat(page).doesNotContain("GRPC_API_KEY");
	}

	@Test
	void whenAServerStreamIsStreamedThenEachResponseIsAnEventAsItArrivesThenTheEnd() throws Exception {
		MvcResult started = this.mvc
			.perform(post("/grpc-admin/explorer/stream").with(csrf())
				.param("service", "explorer.v1.EchoService")
				.param("method", "Count")
				.param("request", "{\"to\": 3, \"intervalMillis\": 10}"))
			.andExpect(request().asyncStarted())
			.andReturn();
		started.getAsyncResult(10_000);
		String events = started.getResponse().getContentAsString();
		assertThat(started.getResponse().getContentType()).startsWith("text/event-stream");
		assertThat(events).startsWith("event:start\ndata:{\"id\":\"")
			.contains("event:response\ndata:{\"n\":1,\"json\":\"{\\n  \\\"n\\\": 1\\n}\"}\n\n")
			.contains("event:response\ndata:{\"n\":3,")
			.contains("event:end\ndata:{\"code\":\"OK\"")
			.contains("\"count\":3");
		assertThat(events.indexOf("\"n\":3")).isLessThan(events.indexOf("event:end"));
	}

	@Test
	void whenStopIsPostedThenTheServerSeesTheCallCancelledAndThePageHearsTheEnd() throws Exception {
		this.echo.resetCancellation();
		MvcResult started = this.mvc
			.perform(post("/grpc-admin/explorer/stream").with(csrf())
				.param("service", "explorer.v1.EchoService")
				.param("method", "Count")
				.param("request", "{\"intervalMillis\": 20}"))
			.andExpect(request().asyncStarted())
			.andReturn();
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> started.getResponse().getContentAsString().contains("\"n\":2,"));
		String id = started.getResponse().getContentAsString().replaceAll("(?s)^event:start\ndata:\\{\"id\":\"([^\"]+)\".*", "$1");
		assertThat(this.echo.cancellation()).isNotDone();
		this.mvc.perform(post("/grpc-admin/explorer/stream/" + id + "/cancel")).andExpect(status().isForbidden());
		this.mvc.perform(post("/grpc-admin/explorer/stream/" + id + "/cancel").with(csrf()))
			.andExpect(status().isNoContent());
		assertThat(this.echo.cancellation().get(5, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(2);
		started.getAsyncResult(10_000);
		assertThat(started.getResponse().getContentAsString()).contains("event:end\ndata:{\"code\":\"CANCELLED\"");
		this.mvc.perform(post("/grpc-admin/explorer/stream/" + id + "/cancel").with(csrf()))
			.andExpect(status().isNotFound());
	}

	@Test
	void whenAStreamCannotStartThenThePageHearsWhy() throws Exception {
		MvcResult started = this.mvc
			.perform(post("/grpc-admin/explorer/stream").with(csrf())
				.param("service", "explorer.v1.EchoService")
				.param("method", "Count")
				.param("request", "{\"nope\": 1}"))
			.andReturn();
		if (started.getRequest().isAsyncStarted()) {
			started.getAsyncResult(10_000);
		}
		assertThat(started.getResponse().getContentAsString()).contains("event:failure\ndata:{\"message\":\"")
			.contains("nope");
	}

	@Test
	void whenAMethodStreamsResponsesThenItsFormStreamsThemToThePage() throws Exception {
		String count = this.mvc.perform(get("/grpc-admin/explorer").param("service", "explorer.v1.EchoService")
			.param("method", "Count")).andReturn().getResponse().getContentAsString();
		assertThat(count).contains("data-stream-url=\"/grpc-admin/explorer/stream\"").contains("id=\"stream-stop\"");
		String echo = this.mvc.perform(get("/grpc-admin/explorer").param("service", "explorer.v1.EchoService")
			.param("method", "Echo")).andReturn().getResponse().getContentAsString();
		assertThat(echo).doesNotContain("data-stream-url");
	}

	@Test
	void whenTheBuildWroteADescriptorSetWithSourceInfoThenTheProtoCommentsAreShown() throws Exception {
		String page = this.mvc.perform(get("/grpc-admin/explorer").param("service", "explorer.v1.EchoService")
			.param("method", "Echo")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		assertThat(page).contains("<p class=\"doc\" id=\"service-doc\">Echoes what it is sent: the explorer&#39;s tests call it.</p>")
			.contains("<p class=\"doc\" id=\"method-doc\">Answers with the request it was sent.</p>")
			.contains("title=\"Counts from 1 to `to`, one reply per interval, until the caller cancels.\"");
		assertThat(row(page, "text")).contains("<span class=\"doc\">Any text.</span>");
		// A field without a comment of its own shows its type's.
		assertThat(row(page, "colour")).contains("<span class=\"doc\">A colour a label can have.</span>")
			.contains("title=\"No colour chosen.\"")
			.contains("title=\"The colour of stop signs.\"");
		assertThat(row(page, "main")).contains("<span class=\"doc\">A named, coloured label.</span>");
	}

	/** The unescaped text of a {@code pre} element. */
	static String pre(String page, String id) {
		int start = page.indexOf("<pre id=\"" + id + "\"");
		assertThat(start).as(id).isPositive();
		String text = page.substring(page.indexOf('>', start) + 1, page.indexOf("</pre>", start));
		return org.springframework.web.util.HtmlUtils.htmlUnescape(text);
	}

	/** The table row of a field, from its opening tag to its end. */
	static String row(String page, String path) {
		int start = page.indexOf("<tr class=\"depth-");
		int at = page.indexOf("data-path=\"" + path + "\">", start);
		assertThat(at).as("row of " + path).isPositive();
		int open = page.lastIndexOf("<tr", at);
		return page.substring(open, page.indexOf("</tr>", at));
	}

}
