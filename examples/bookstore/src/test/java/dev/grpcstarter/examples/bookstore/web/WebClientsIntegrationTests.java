package dev.grpcstarter.examples.bookstore.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.NewApiKey;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import dev.grpcstarter.examples.bookstore.v1.BatchGetBooksRequest;
import dev.grpcstarter.examples.bookstore.v1.BatchGetBooksResponse;
import dev.grpcstarter.examples.bookstore.v1.Book;
import dev.grpcstarter.examples.bookstore.v1.GetBookRequest;
import dev.grpcstarter.examples.bookstore.v1.ListBooksRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * gRPC-Web and HTTP/JSON on the example's web port, with Java's HttpClient: each call runs
 * through the same pipeline as a native one (public and keyed methods, rate limits, error
 * mapping) and leaves exactly one request-log row with its transport.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.grpc.server.port=0",
				"spring.datasource.url=jdbc:h2:mem:bookstore-web;DB_CLOSE_DELAY=-1",
				"grpc.services.packages=dev.grpcstarter.examples.bookstore.grpc,dev.grpcstarter.examples.bookstore.web",
				"grpc.web.max-request-size=2KB", "grpc.web.cors.allowed-origins=http://browser.test",
				"spring.grpc.server.inbound.message.max-size=512B", "spring.grpc.server.inbound.metadata.max-size=1KB",
				"grpc.request-log.flush-interval=50ms" })
class WebClientsIntegrationTests {

	static final String GRPC_WEB = "application/grpc-web+proto";

	static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	ApiKeyService keys;

	@Autowired
	RequestLogWriter writer;

	@Autowired
	JdbcTemplate jdbc;

	final HttpClient http = HttpClient.newHttpClient();

	// gRPC-Web

	@Test
	void whenGrpcWebUnaryThenTheBookAndOkTrailerComeBackAndOneRowSaysGrpcWeb() throws Exception {
		HttpResponse<byte[]> response = grpcWeb("bookstore.v1.BookService/GetBook",
				GetBookRequest.newBuilder().setId(3).build().toByteArray(), GRPC_WEB, Map.of());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/grpc-web+proto");
		WebWire.Body body = WebWire.parse(response.body());
		assertThat(body.status()).isEqualTo("0");
		assertThat(Book.parseFrom(body.messages().get(0)).getTitle()).isEqualTo("Kindred");
		Map<String, Object> row = onlyRow(response);
		assertThat(row).containsEntry("TRANSPORT", "grpc-web")
			.containsEntry("SERVICE", "bookstore.v1.BookService")
			.containsEntry("METHOD", "GetBook")
			.containsEntry("GRPC_CODE", "OK")
			.containsEntry("CLIENT_IP", "127.0.0.1")
			.containsEntry("MESSAGES_IN", 1)
			.containsEntry("MESSAGES_OUT", 1)
			.containsEntry("BYTES_IN", 2L)
			.containsEntry("BYTES_OUT", (long) body.messages().get(0).length);
	}

	@Test
	void whenGrpcWebTextServerStreamingThenEveryBookArrivesBase64Framed() throws Exception {
		byte[] request = WebWire.frame(0,
				ListBooksRequest.newBuilder().setAuthor("Ursula K. Le Guin").build().toByteArray());
		HttpResponse<byte[]> response = this.http.send(HttpRequest.newBuilder(uri("/bookstore.v1.BookService/ListBooks"))
			.header("content-type", "application/grpc-web-text")
			.header("x-grpc-web", "1")
			.POST(HttpRequest.BodyPublishers.ofString(Base64.getEncoder().encodeToString(request)))
			.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.headers().firstValue("content-type")).hasValue("application/grpc-web-text+proto");
		WebWire.Body body = WebWire.parse(decodeChunks(new String(response.body(), StandardCharsets.US_ASCII)));
		assertThat(body.status()).isEqualTo("0");
		assertThat(body.messages()).hasSize(2);
		assertThat(Book.parseFrom(body.messages().get(1)).getTitle()).isEqualTo("A Wizard of Earthsea");
		assertThat(onlyRow(response)).containsEntry("CALL_TYPE", "server-streaming")
			.containsEntry("MESSAGES_OUT", 2)
			.containsEntry("TRANSPORT", "grpc-web");
	}

	@Test
	void whenGrpcWebFrameIsTruncatedThenInvalidArgumentInTheTrailersAndOneRow() throws Exception {
		byte[] truncated = { 0, 0, 0, 0, 9, 8, 3 };
		HttpResponse<byte[]> response = grpcWebRaw("bookstore.v1.BookService/GetBook", truncated, GRPC_WEB, Map.of());
		assertThat(response.statusCode()).isEqualTo(200);
		WebWire.Body body = WebWire.parse(response.body());
		assertThat(body.status()).isEqualTo("3");
		assertThat(body.trailers().get("grpc-message")).startsWith("malformed gRPC-Web frame: truncated frame");
		assertThat(body.trailers()).containsKey("x-request-id");
		assertThat(onlyRow(response)).containsEntry("GRPC_CODE", "INVALID_ARGUMENT").containsEntry("METHOD", "GetBook");
	}

	@Test
	void whenGrpcWebMessageIsNotTheRequestTypeThenInvalidArgumentFromThePipeline() throws Exception {
		HttpResponse<byte[]> response = grpcWeb("bookstore.v1.BookService/GetBook", new byte[] { (byte) 0xFF },
				GRPC_WEB, Map.of());
		assertThat(WebWire.parse(response.body()).status()).isEqualTo("3");
		assertThat(onlyRow(response)).containsEntry("GRPC_CODE", "INVALID_ARGUMENT");
	}

	@Test
	void whenGrpcWebCallHasNoKeyThenUnauthenticated() throws Exception {
		HttpResponse<byte[]> response = grpcWeb("bookstore.v1.BookService/BatchGetBooks",
				BatchGetBooksRequest.newBuilder().addIds(1).build().toByteArray(), GRPC_WEB, Map.of());
		assertThat(response.headers().firstValue("grpc-status")).hasValue("16");
		assertThat(WebWire.parse(response.body()).status()).isEqualTo("16");
		assertThat(onlyRow(response)).containsEntry("GRPC_CODE", "UNAUTHENTICATED")
			.containsEntry("AUTHENTICATED", false);
	}

	@Test
	void whenGrpcWebKeyIsOverItsRateLimitThenResourceExhaustedWithRateLimitHeaders() throws Exception {
		String key = this.keys.create(new NewApiKey("web-limited", null, "wanda", List.of(), List.of(), null, 1, null))
			.rawKey();
		byte[] request = BatchGetBooksRequest.newBuilder().addIds(1).addIds(3).build().toByteArray();
		HttpResponse<byte[]> first = grpcWeb("bookstore.v1.BookService/BatchGetBooks", request, GRPC_WEB,
				Map.of("x-api-key", key));
		WebWire.Body firstBody = WebWire.parse(first.body());
		assertThat(firstBody.status()).isEqualTo("0");
		assertThat(BatchGetBooksResponse.parseFrom(firstBody.messages().get(0)).getBooksList()).extracting(Book::getId)
			.containsExactly(1L, 3L);
		assertThat(onlyRow(first)).containsEntry("PRINCIPAL", "wanda").containsEntry("AUTHENTICATED", true);
		HttpResponse<byte[]> second = grpcWeb("bookstore.v1.BookService/BatchGetBooks", request, GRPC_WEB,
				Map.of("x-api-key", key));
		WebWire.Body secondBody = WebWire.parse(second.body());
		assertThat(secondBody.status()).isEqualTo("8");
		assertThat(second.headers().firstValue("ratelimit-limit")).isPresent();
		assertThat(onlyRow(second)).containsEntry("GRPC_CODE", "RESOURCE_EXHAUSTED");
	}

	@Test
	void whenABrowserOnAnotherOriginAsksFirstThenThePreflightAllowsItAndExposesTheGrpcHeaders() throws Exception {
		HttpResponse<String> preflight = this.http.send(HttpRequest.newBuilder(uri("/bookstore.v1.BookService/GetBook"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "http://browser.test")
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "content-type,x-grpc-web,x-api-key")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(preflight.statusCode()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue("http://browser.test");
		HttpResponse<byte[]> call = grpcWeb("bookstore.v1.BookService/GetBook",
				GetBookRequest.newBuilder().setId(3).build().toByteArray(), GRPC_WEB,
				Map.of("Origin", "http://browser.test"));
		assertThat(call.headers().firstValue("access-control-allow-origin")).hasValue("http://browser.test");
		assertThat(call.headers().firstValue("access-control-expose-headers").orElseThrow()).contains("grpc-status",
				"grpc-message", "grpc-status-details-bin", "x-request-id", "ratelimit-remaining");
		HttpResponse<byte[]> refused = grpcWeb("bookstore.v1.BookService/GetBook",
				GetBookRequest.newBuilder().setId(3).build().toByteArray(), GRPC_WEB,
				Map.of("Origin", "http://elsewhere.test"));
		assertThat(refused.statusCode()).isEqualTo(403);
	}

	// HTTP/JSON on the example's annotations

	@Test
	void whenGetBookByPathThenJsonAndOneHttpJsonRow() throws Exception {
		HttpResponse<String> response = json("GET", "/v1/books/3", null, Map.of());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type").orElseThrow()).startsWith("application/json");
		assertThat(response.body()).contains("\"title\":\"Kindred\"").contains("\"addedAt\":\"");
		assertThat(onlyRow(response)).containsEntry("TRANSPORT", "http-json")
			.containsEntry("METHOD", "GetBook")
			.containsEntry("GRPC_CODE", "OK");
	}

	@Test
	void whenListBooksStreamsThenNdjsonOrServerSentEvents() throws Exception {
		HttpResponse<String> ndjson = json("GET", "/v1/books?author=Ursula+K.+Le+Guin", null, Map.of());
		assertThat(ndjson.headers().firstValue("content-type").orElseThrow()).startsWith("application/x-ndjson");
		assertThat(ndjson.body().lines().toList()).hasSize(2).allMatch((line) -> line.startsWith("{\"id\":"));
		assertThat(onlyRow(ndjson)).containsEntry("MESSAGES_OUT", 2);
		HttpResponse<String> sse = json("GET", "/v1/books?author=Ursula+K.+Le+Guin", null,
				Map.of("Accept", "text/event-stream"));
		assertThat(sse.headers().firstValue("content-type").orElseThrow()).startsWith("text/event-stream");
		assertThat(sse.body().split("\n\n")).hasSize(2).allMatch((event) -> event.startsWith("data: {\"id\":"));
		onlyRow(sse);
	}

	@Test
	void whenLookupWithKeyByBodyOrRepeatedQueryThenTheSameBooks() throws Exception {
		String key = this.keys.create(NewApiKey.of("web-json", "jo")).rawKey();
		HttpResponse<String> posted = json("POST", "/v1/books:lookup", "{\"ids\":[1,\"3\"]}", Map.of("x-api-key", key));
		assertThat(posted.statusCode()).isEqualTo(200);
		HttpResponse<String> queried = json("GET", "/v1/books:batchGet?ids=1&ids=3", null, Map.of("x-api-key", key));
		assertThat(queried.body()).isEqualTo(posted.body()).contains("\"books\":[{\"id\":\"1\"");
		assertThat(onlyRow(queried)).containsEntry("PRINCIPAL", "jo").containsEntry("METHOD", "BatchGetBooks");
	}

	@Test
	void whenTheServiceFailsThenTheHttpStatusOfTheCodeAndGoogleRpcStatusJson() throws Exception {
		HttpResponse<String> missing = json("GET", "/v1/books/999", null, Map.of());
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.body()).isEqualTo("{\"code\":5,\"message\":\"no book with id 999\"}");
		assertThat(missing.headers().firstValue("x-request-id")).isPresent();
		assertThat(onlyRow(missing)).containsEntry("GRPC_CODE", "NOT_FOUND");
		HttpResponse<String> noKey = json("POST", "/v1/books:lookup", "{\"ids\":[1]}", Map.of());
		assertThat(noKey.statusCode()).isEqualTo(401);
		assertThat(noKey.body()).contains("\"code\":16");
		assertThat(onlyRow(noKey)).containsEntry("GRPC_CODE", "UNAUTHENTICATED");
	}

	@Test
	void whenTheRequestIsBadThenTheTranscoderAnswers400415413404AndEachIsOneRow() throws Exception {
		String key = this.keys.create(NewApiKey.of("web-bad", "bo")).rawKey();
		HttpResponse<String> wrongType = json("POST", "/v1/books:lookup", "{\"ids\":[\"x\"]}", Map.of("x-api-key", key));
		assertThat(wrongType.statusCode()).isEqualTo(400);
		assertThat(message(wrongType)).isEqualTo("field 'ids[0]': expected an integer, got string \"x\"");
		assertThat(onlyRow(wrongType)).containsEntry("GRPC_CODE", "INVALID_ARGUMENT")
			.containsEntry("METHOD", "BatchGetBooks");
		HttpResponse<String> unknown = json("POST", "/v1/books:lookup", "{\"idz\":[1]}", Map.of("x-api-key", key));
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(message(unknown)).isEqualTo("unknown field 'idz': bookstore.v1.BatchGetBooksRequest has ids");
		onlyRow(unknown);
		HttpResponse<String> broken = json("POST", "/v1/books:lookup", "{\"ids\":[1", Map.of("x-api-key", key));
		assertThat(broken.statusCode()).isEqualTo(400);
		assertThat(message(broken)).startsWith("malformed JSON: ");
		onlyRow(broken);
		HttpResponse<String> badPath = json("GET", "/v1/books/abc", null, Map.of());
		assertThat(badPath.statusCode()).isEqualTo(400);
		assertThat(message(badPath)).isEqualTo("path variable 'id': expected an integer for field 'id', got 'abc'");
		onlyRow(badPath);
		HttpResponse<String> text = this.http.send(HttpRequest.newBuilder(uri("/v1/books:lookup"))
			.header("content-type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString("ids=1"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(text.statusCode()).isEqualTo(415);
		onlyRow(text);
		HttpResponse<String> large = json("POST", "/v1/books:lookup",
				"{\"ids\":[" + "1,".repeat(1500) + "1]}", Map.of("x-api-key", key));
		assertThat(large.statusCode()).isEqualTo(413);
		assertThat(onlyRow(large)).containsEntry("GRPC_CODE", "RESOURCE_EXHAUSTED");
		HttpResponse<String> nowhere = json("POST", "/rpc/bookstore.v1.BookService/NoSuchMethod", "{}", Map.of());
		assertThat(nowhere.statusCode()).isEqualTo(404);
		assertThat(nowhere.body()).startsWith("{\"code\":12");
		assertThat(onlyRow(nowhere)).containsEntry("SERVICE", "")
			.containsEntry("METHOD", "POST /rpc/bookstore.v1.BookService/NoSuchMethod")
			.containsEntry("GRPC_CODE", "UNIMPLEMENTED");
	}

	@Test
	void whenAMessageOrMetadataBreaksTheNativeServersInboundLimitsThenResourceExhaustedAndOneRow() throws Exception {
		String key = this.keys.create(NewApiKey.of("web-limits", "lu")).rawKey();
		// Under grpc.web.max-request-size (2KB) as JSON, over the 512-byte message limit as protobuf.
		HttpResponse<String> json = json("POST", "/v1/books:lookup", "{\"ids\":[" + "100000,".repeat(200) + "1]}",
				Map.of("x-api-key", key));
		assertThat(json.statusCode()).isEqualTo(413);
		assertThat(message(json)).startsWith("gRPC message exceeds maximum size 512: ");
		assertThat(onlyRow(json)).containsEntry("GRPC_CODE", "RESOURCE_EXHAUSTED").containsEntry("METHOD", "BatchGetBooks");
		HttpResponse<String> jsonHeaders = json("GET", "/v1/books/3", null, Map.of("x-padding", "p".repeat(1100)));
		assertThat(jsonHeaders.statusCode()).isEqualTo(431);
		assertThat(message(jsonHeaders)).startsWith("request metadata larger than 1024: ");
		onlyRow(jsonHeaders);
		HttpResponse<byte[]> web = grpcWeb("bookstore.v1.BookService/GetBook", new byte[600], GRPC_WEB, Map.of());
		WebWire.Body body = WebWire.parse(web.body());
		assertThat(body.status()).isEqualTo("8");
		assertThat(body.trailers().get("grpc-message")).startsWith("gRPC message exceeds maximum size 512: 600");
		assertThat(onlyRow(web)).containsEntry("GRPC_CODE", "RESOURCE_EXHAUSTED").containsEntry("METHOD", "GetBook");
		HttpResponse<byte[]> webHeaders = grpcWeb("bookstore.v1.BookService/GetBook",
				GetBookRequest.newBuilder().setId(3).build().toByteArray(), GRPC_WEB, Map.of("x-padding", "p".repeat(1100)));
		assertThat(WebWire.parse(webHeaders.body()).status()).isEqualTo("8");
		onlyRow(webHeaders);
	}

	@Test
	void whenTheGenericRouteIsCalledThenAnyMethodTakesItsRequestAsTheBody() throws Exception {
		HttpResponse<String> response = json("POST", "/rpc/bookstore.v1.BookService/GetBook", "{\"id\":\"3\"}",
				Map.of());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"title\":\"Kindred\"");
		onlyRow(response);
	}

	@Test
	void whenAPathIsNotOursThenTheApplicationAnswersIt() throws Exception {
		HttpResponse<String> response = json("GET", "/v2/nothing", null, Map.of());
		// The example's own answer (its security chain's), not the transcoder's.
		assertThat(response.statusCode()).isIn(401, 404);
		assertThat(response.headers().firstValue("x-request-id")).isEmpty();
	}

	// every HttpRule feature, on rules.v1.RuleService

	@Test
	void whenGetWithNestedPathVariablesAndQueryThenEveryFieldIsSet() throws Exception {
		HttpResponse<String> response = json("GET",
				"/rules/v1/shelves/top%20shelf/items/42?tags=a&tags=b&kind=KIND_PAPER&flag=true&shelf.floor=3&pageSize=5&at=2024-01-02T03:04:05Z",
				null, Map.of());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"echoed\":{\"id\":\"42\",\"shelf\":{\"name\":\"top shelf\",\"floor\":3},"
				+ "\"tags\":[\"a\",\"b\"],\"kind\":\"KIND_PAPER\",\"flag\":true,\"at\":\"2024-01-02T03:04:05Z\",\"pageSize\":5},"
				+ "\"tags\":[\"a\",\"b\"]}");
		onlyRow(response);
	}

	@Test
	void whenPostPutPatchDeleteAndCustomVerbThenBodyAndPathCombine() throws Exception {
		assertThat(json("POST", "/rules/v1/echo", "{\"id\":7,\"shelf\":{\"name\":\"s\"}}", Map.of()).body())
			.startsWith("{\"echoed\":{\"id\":\"7\",\"shelf\":{\"name\":\"s\"}}");
		assertThat(json("PUT", "/rules/v1/shelves/s1/items/8", "{\"floor\":2}", Map.of()).body())
			.startsWith("{\"echoed\":{\"id\":\"8\",\"shelf\":{\"name\":\"s1\",\"floor\":2}}");
		assertThat(json("PATCH", "/rules/v1/items/9?flag=true", "[\"x\",\"y\"]", Map.of()).body())
			.isEqualTo("{\"echoed\":{\"id\":\"9\",\"tags\":[\"x\",\"y\"],\"flag\":true},\"tags\":[\"x\",\"y\"]}");
		HttpResponse<String> deleted = json("DELETE", "/rules/v1/items/10", null, Map.of());
		assertThat(deleted.body()).isEqualTo("{\"echoed\":{\"id\":\"10\"}}");
		assertThat(json("POST", "/rules/v1/items/11:archive", "{\"flag\":true}", Map.of()).body())
			.isEqualTo("{\"echoed\":{\"id\":\"11\",\"flag\":true}}");
		assertThat(json("GET", "/rules/v1/files/docs/a/b.txt", null, Map.of()).body())
			.isEqualTo("{\"echoed\":{\"path\":\"docs/a/b.txt\"}}");
		onlyRow(deleted);
	}

	@Test
	void whenResponseBodyNamesAFieldThenOnlyThatFieldIsTheBody() throws Exception {
		assertThat(json("GET", "/rules/v1/tags?tags=p&tags=q", null, Map.of()).body()).isEqualTo("[\"p\",\"q\"]");
	}

	@Test
	void whenAStreamFailsPartWayThenTheLastLineOrEventIsTheError() throws Exception {
		HttpResponse<String> ndjson = json("GET", "/rules/v1/count/5?failAfter=2", null, Map.of());
		assertThat(ndjson.statusCode()).isEqualTo(200);
		assertThat(ndjson.body().lines().toList()).containsExactly("{\"n\":1}", "{\"n\":2}",
				"{\"error\":{\"code\":11,\"message\":\"stopped after 2\"}}");
		assertThat(onlyRow(ndjson)).containsEntry("GRPC_CODE", "OUT_OF_RANGE").containsEntry("MESSAGES_OUT", 2);
		HttpResponse<String> sse = json("GET", "/rules/v1/count/5?failAfter=1", null,
				Map.of("Accept", "text/event-stream"));
		assertThat(sse.body()).isEqualTo(
				"data: {\"n\":1}\n\nevent: error\ndata: {\"code\":11,\"message\":\"stopped after 1\"}\n\n");
		HttpResponse<String> failedAtOnce = json("GET", "/rules/v1/count/5?failAfter=-1", null, Map.of());
		assertThat(failedAtOnce.statusCode()).isEqualTo(200);
	}

	@Test
	void whenAQueryParameterNamesNoFieldThenBadRequest() throws Exception {
		HttpResponse<String> response = json("GET", "/rules/v1/tags?colour=red", null, Map.of());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(message(response)).isEqualTo("query parameter 'colour' names no field of rules.v1.EchoRequest");
		HttpResponse<String> badEnum = json("GET", "/rules/v1/tags?kind=KIND_STONE", null, Map.of());
		assertThat(message(badEnum)).isEqualTo("query parameter 'kind': 'KIND_STONE' is not a value of rules.v1.Kind "
				+ "(values: KIND_UNSPECIFIED, KIND_PAPER, KIND_DIGITAL)");
	}

	// helpers

	private HttpResponse<byte[]> grpcWeb(String method, byte[] message, String type, Map<String, String> headers)
			throws Exception {
		return grpcWebRaw(method, WebWire.frame(0, message), type, headers);
	}

	private HttpResponse<byte[]> grpcWebRaw(String method, byte[] body, String type, Map<String, String> headers)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri("/" + method))
			.header("content-type", type)
			.header("x-grpc-web", "1")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		headers.forEach(request::header);
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private HttpResponse<String> json(String method, String path, String body, Map<String, String> headers)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("content-type", "application/json");
		}
		headers.forEach(request::header);
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String message(HttpResponse<String> response) {
		return JSON.readTree(response.body()).get("message").stringValue();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	/** The call's one row, found by the request id the response carries. */
	private Map<String, Object> onlyRow(HttpResponse<?> response) {
		String requestId = response.headers().firstValue("x-request-id").orElseThrow();
		assertThat(this.writer.awaitIdle(Duration.ofSeconds(10))).isTrue();
		List<Map<String, Object>> rows = this.jdbc.queryForList("select * from grpc_request_log where request_id = ?",
				requestId);
		assertThat(rows).as("rows of request " + requestId).hasSize(1);
		return rows.get(0);
	}

	private static byte[] decodeChunks(String text) {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		int start = 0;
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) == '=' && (i + 1 == text.length() || text.charAt(i + 1) != '=') && (i + 1 - start) % 4 == 0) {
				out.writeBytes(Base64.getDecoder().decode(text.substring(start, i + 1)));
				start = i + 1;
			}
		}
		if (start < text.length()) {
			out.writeBytes(Base64.getDecoder().decode(text.substring(start)));
		}
		return out.toByteArray();
	}

}
