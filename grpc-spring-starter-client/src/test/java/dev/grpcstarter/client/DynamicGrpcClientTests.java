package dev.grpcstarter.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.grpcstarter.client.ServiceDescription.FieldSchema;
import dev.grpcstarter.client.ServiceDescription.MethodDescription;
import dev.grpcstarter.invoketest.shop.v1.ShopServiceGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The dynamic client against a real server on a random port.
 */
class DynamicGrpcClientTests {

	private static final String SHOP = "invoke.shop.v1.ShopService";

	private static ShopServer server;

	private static DynamicGrpcClient client;

	@BeforeAll
	static void start() throws Exception {
		server = new ShopServer(ShopServer.Reflection.V1);
		client = DynamicGrpcClient.forTarget(server.target()).plaintext().build();
	}

	@AfterAll
	static void stop() throws Exception {
		client.close();
		server.close();
	}

	@Test
	void whenListingThenServicesOfTheServerAreNamed() {
		assertThat(client.listServices()).containsExactly("grpc.reflection.v1.ServerReflection", SHOP);
	}

	@Test
	void whenDescribingThenMethodsCallTypesAndNestedImportedSchemasAreShown() {
		ServiceDescription shop = client.describe(SHOP);
		assertThat(shop.file()).isEqualTo("invoke/v1/shop.proto");
		assertThat(shop.methods()).extracting(MethodDescription::name, MethodDescription::callType)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("GetItem", "unary"),
					org.assertj.core.groups.Tuple.tuple("ListItems", "server-streaming"),
					org.assertj.core.groups.Tuple.tuple("AddItems", "client-streaming"),
					org.assertj.core.groups.Tuple.tuple("Echo", "bidi-streaming"),
					org.assertj.core.groups.Tuple.tuple("Protected", "unary"));
		List<FieldSchema> fields = shop.methods().get(3).input().fields();
		FieldSchema price = field(fields, "price");
		assertThat(price.type()).isEqualTo("invoke.common.v1.Money");
		assertThat(price.message().fields()).extracting(FieldSchema::name).containsExactly("currency", "units");
		assertThat(field(fields, "color").enumValues()).containsExactly("COLOR_UNSPECIFIED", "RED", "GREEN");
		assertThat(field(fields, "dimensions").type()).isEqualTo("invoke.shop.v1.Item.Dimensions");
		assertThat(field(fields, "tags").repeated()).isTrue();
		assertThat(field(fields, "created_at").type()).isEqualTo("google.protobuf.Timestamp");
	}

	@Test
	void whenAskingForATemplateThenEveryFieldIsThereWithItsDefault() {
		String template = client.requestTemplate(SHOP, "AddItems");
		assertThat(template).contains("\"id\": \"0\"", "\"name\": \"\"", "\"currency\": \"\"",
				"\"color\": \"COLOR_UNSPECIFIED\"", "\"width\": 0.0", "\"tags\": []", "\"createdAt\": ",
				"\"warranty\": ", "\"attributes\": {");
	}

	@Test
	void whenCallingUnaryThenTheResponseIsJsonWithTrailersAndTime() {
		InvocationResult result = client.invoke(SHOP, "GetItem", List.of("{\"id\": 7}"));
		assertThat(result.ok()).isTrue();
		assertThat(result.code()).isEqualTo("OK");
		assertThat(result.responses()).singleElement()
			.satisfies((json) -> assertThat(json).contains("\"id\": \"7\"", "\"name\": \"item 7\"",
					"\"currency\": \"EUR\""));
		assertThat(result.trailers()).containsEntry("x-served-by", "shop");
		assertThat(result.headers()).containsKey("content-type");
		assertThat(result.elapsed()).isPositive();
	}

	@Test
	void whenCallingServerStreamingThenEveryResponseIsListed() {
		InvocationResult result = client.invoke(SHOP, "ListItems", List.of("{\"count\": 3}"));
		assertThat(result.responses()).hasSize(3).last().asString().contains("item 3");
	}

	@Test
	void whenStartingAServerStreamThenTheListenerHearsEachResponseThenTheEnd() throws Exception {
		List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
		java.util.concurrent.CompletableFuture<InvocationResult> end = new java.util.concurrent.CompletableFuture<>();
		client.start(SHOP, "ListItems", List.of("{\"count\": 3}"), Map.of(), Duration.ofSeconds(10),
				new InvocationListener() {
					@Override
					public void onResponse(String json) {
						assertThat(end).isNotDone();
						heard.add(json);
					}

					@Override
					public void onEnd(InvocationResult result) {
						end.complete(result);
					}
				});
		InvocationResult result = end.get(10, java.util.concurrent.TimeUnit.SECONDS);
		assertThat(result.code()).isEqualTo("OK");
		assertThat(heard).hasSize(3).isEqualTo(result.responses());
		assertThat(heard.get(2)).contains("item 3");
	}

	@Test
	void whenStartingWithJsonThatDoesNotFitThenNothingIsStarted() {
		assertThatExceptionOfType(DynamicInvocationException.class)
			.isThrownBy(() -> client.start(SHOP, "ListItems", List.of("{\"nope\": 1}"), Map.of(),
					Duration.ofSeconds(1), null))
			.withMessageContaining("does not fit");
	}

	@Test
	void whenCallingClientStreamingThenAllRequestsAreSent() {
		InvocationResult result = client.invoke(SHOP, "AddItems",
				List.of("{\"name\": \"a\"}", "{\"name\": \"b\"}", "{\"name\": \"c\"}"));
		assertThat(result.responses()).singleElement().asString().contains("\"added\": 3", "\"a\"", "\"c\"");
	}

	@Test
	void whenCallingBidiWithWellKnownTypesThenTheyRoundTrip() {
		String item = """
				{"id": "5", "name": "lamp", "color": "GREEN",
				 "createdAt": "2026-11-23T10:15:30Z", "warranty": "3600s", "nickname": "lampy",
				 "attributes": {"size": "L", "weight": 2.5, "tags": ["x", true]},
				 "extra": {"@type": "type.googleapis.com/invoke.common.v1.Money", "currency": "USD", "units": "3"},
				 "dimensions": {"width": 1.5, "height": 2}}
				""";
		InvocationResult result = client.invoke(SHOP, "Echo", List.of(item, "{\"name\": \"second\"}"));
		assertThat(result.ok()).isTrue();
		assertThat(result.responses()).hasSize(2);
		assertThat(result.responses().get(0)).contains("\"createdAt\": \"2026-11-23T10:15:30Z\"",
				"\"warranty\": \"3600s\"", "\"nickname\": \"lampy\"", "\"weight\": 2.5",
				"\"@type\": \"type.googleapis.com/invoke.common.v1.Money\"", "\"currency\": \"USD\"",
				"\"color\": \"GREEN\"", "\"width\": 1.5");
	}

	@Test
	void whenAResponseCannotBePrintedThenItsStandInIsValidJsonWithTheReasonEscaped() {
		InvocationResult result = client.invoke(SHOP, "GetItem", List.of("{\"id\": " + ShopServer.UNPRINTABLE_ITEM + "}"));
		assertThat(result.ok()).isTrue();
		String error = JsonMapper.builder().build().readTree(result.responses().get(0)).get("error").asString();
		assertThat(error).startsWith("cannot render response as JSON: ").endsWith(ShopServer.UNKNOWN_TYPE_URL);
	}

	@Test
	void whenTheServerAnswersAnErrorThenTheResultCarriesIt() {
		InvocationResult result = client.invoke(SHOP, "GetItem", List.of("{\"id\": 404}"));
		assertThat(result.code()).isEqualTo("NOT_FOUND");
		assertThat(result.message()).isEqualTo("no item 404");
		assertThat(result.responses()).isEmpty();
	}

	@Test
	void whenAProtectedMethodIsCalledThenTheKeyIsForwardedOnlyWhenGiven() {
		assertThat(client.invoke(SHOP, "Protected", List.of("{}")).code()).isEqualTo("UNAUTHENTICATED");
		InvocationResult withKey = client.invoke(SHOP, "Protected", List.of("{\"id\": 1}"),
				Map.of("x-api-key", "secret"), Duration.ofSeconds(5));
		assertThat(withKey.ok()).isTrue();
		try (DynamicGrpcClient keyed = DynamicGrpcClient.forTarget(server.target())
			.plaintext()
			.header("x-api-key", "secret")
			.build()) {
			assertThat(keyed.invoke(SHOP, "Protected", List.of("{}")).ok()).isTrue();
		}
	}

	@Test
	void whenNamesAreUnknownThenTheErrorNamesThemAndSuggestsTheClosest() {
		assertThatExceptionOfType(DynamicInvocationException.class)
			.isThrownBy(() -> client.describe("invoke.shop.v1.ShopServise"))
			.withMessage("unknown service invoke.shop.v1.ShopServise on " + server.target()
					+ "; did you mean invoke.shop.v1.ShopService?");
		assertThatExceptionOfType(DynamicInvocationException.class)
			.isThrownBy(() -> client.invoke(SHOP, "GetIten", List.of("{}")))
			.withMessage("unknown method GetIten of invoke.shop.v1.ShopService; did you mean GetItem?");
	}

	@Test
	void whenJsonDoesNotFitThenTheFieldAndTheExpectationAreNamed() {
		assertThatExceptionOfType(DynamicInvocationException.class)
			.isThrownBy(() -> client.invoke(SHOP, "GetItem", List.of("{\"idd\": 1}")))
			.withMessageStartingWith("the request does not fit invoke.shop.v1.GetItemRequest: Cannot find field: idd")
			.withMessageContaining("fields of invoke.shop.v1.GetItemRequest: id");
		assertThatExceptionOfType(DynamicInvocationException.class)
			.isThrownBy(() -> client.invoke(SHOP, "GetItem", List.of("{\"id\": \"seven\"}")))
			.withMessageStartingWith("the request does not fit invoke.shop.v1.GetItemRequest: ")
			.withMessageContaining("seven");
		assertThatExceptionOfType(DynamicInvocationException.class)
			.isThrownBy(() -> client.invoke(SHOP, "GetItem", List.of("{not json")))
			.withMessageStartingWith("the request does not fit invoke.shop.v1.GetItemRequest");
		assertThatExceptionOfType(DynamicInvocationException.class)
			.isThrownBy(() -> client.invoke(SHOP, "GetItem", List.of("{}", "{}")))
			.withMessage("invoke.shop.v1.ShopService.GetItem is unary and takes exactly one request, got 2");
	}

	@Test
	void whenTheServerOnlyHasV1AlphaReflectionThenItIsUsed() throws Exception {
		try (ShopServer old = new ShopServer(ShopServer.Reflection.V1ALPHA_ONLY);
				DynamicGrpcClient oldClient = DynamicGrpcClient.forTarget(old.target()).plaintext().build()) {
			assertThat(oldClient.listServices()).contains(SHOP, "grpc.reflection.v1alpha.ServerReflection");
			assertThat(oldClient.invoke(SHOP, "GetItem", List.of("{\"id\": 1}")).ok()).isTrue();
		}
	}

	@Test
	void whenTheServerHasNoReflectionThenTheErrorSaysSo() throws Exception {
		try (ShopServer bare = new ShopServer(ShopServer.Reflection.NONE);
				DynamicGrpcClient bareClient = DynamicGrpcClient.forTarget(bare.target()).plaintext().build()) {
			assertThatExceptionOfType(DynamicInvocationException.class).isThrownBy(bareClient::listServices)
				.withMessage("server " + bare.target()
						+ " does not offer server reflection (tried grpc.reflection.v1 and v1alpha)");
		}
	}

	@Test
	void whenTheTargetIsUnreachableThenTheErrorSaysSo() throws Exception {
		int port;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		try (DynamicGrpcClient nowhere = DynamicGrpcClient.forTarget("127.0.0.1:" + port)
			.plaintext()
			.deadline(Duration.ofSeconds(2))
			.build()) {
			assertThatExceptionOfType(DynamicInvocationException.class).isThrownBy(nowhere::listServices)
				.withMessageStartingWith("cannot reach 127.0.0.1:" + port + ": ");
		}
		assertThatExceptionOfType(DynamicInvocationException.class)
			.isThrownBy(() -> DynamicGrpcClient.forTarget("no-port"))
			.withMessage("target must be host:port, was 'no-port'");
	}

	@Test
	void whenDescribingLocallyThenNoReflectionIsNeeded() throws Exception {
		try (ShopServer bare = new ShopServer(ShopServer.Reflection.NONE);
				DynamicGrpcClient local = DynamicGrpcClient.forTarget(bare.target())
					.plaintext()
					.localServices(() -> List.of(new ShopServiceGrpc.ShopServiceImplBase() {
					}.bindService()))
					.build()) {
			assertThat(local.listServices()).containsExactly(SHOP);
			assertThat(local.describe(SHOP).methods()).hasSize(5);
			assertThat(local.invoke(SHOP, "GetItem", List.of("{\"id\": 2}")).responses()).singleElement()
				.asString()
				.contains("item 2");
		}
	}

	private static FieldSchema field(List<FieldSchema> fields, String name) {
		return fields.stream().filter((field) -> field.name().equals(name)).findFirst().orElseThrow();
	}

}
