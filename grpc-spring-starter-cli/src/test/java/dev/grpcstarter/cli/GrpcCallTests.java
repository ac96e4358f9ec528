package dev.grpcstarter.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command-line tool against a real server with the standard health service and
 * reflection.
 */
class GrpcCallTests {

	private static final Metadata.Key<String> API_KEY = Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);

	private static final List<String> reflectionKeys = new CopyOnWriteArrayList<>();

	private static Server server;

	private static String target;

	@BeforeAll
	static void start() throws Exception {
		HealthStatusManager health = new HealthStatusManager();
		health.setStatus("shop", ServingStatus.NOT_SERVING);
		server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
			.addService(health.getHealthService())
			.addService(ServerInterceptors.intercept(ProtoReflectionServiceV1.newInstance(), new ServerInterceptor() {
				@Override
				public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
						ServerCallHandler<Q, R> next) {
					reflectionKeys.add(String.valueOf(headers.get(API_KEY)));
					return next.startCall(call, headers);
				}
			}))
			.build()
			.start();
		target = "127.0.0.1:" + server.getPort();
	}

	@AfterAll
	static void stop() throws Exception {
		server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void whenListingThenServicesArePrintedAsJson() {
		Run run = run("list", target, "--plaintext");
		assertThat(run.code).isZero();
		assertThat(run.out).contains("\"grpc.health.v1.Health\"", "\"grpc.reflection.v1.ServerReflection\"");
	}

	@Test
	void whenDescribingThenTheServiceIsProtoLikeTextAndItsMessagesAreListedOnce() {
		Run service = run("describe", target, "grpc.health.v1.Health", "--plaintext");
		assertThat(service.code).isZero();
		assertThat(service.out).startsWith("// grpc/health/v1/health.proto\nservice grpc.health.v1.Health {\n")
			.contains("  rpc Check(grpc.health.v1.HealthCheckRequest) returns (grpc.health.v1.HealthCheckResponse);\n")
			.contains("  rpc Watch(grpc.health.v1.HealthCheckRequest) returns (stream grpc.health.v1.HealthCheckResponse);\n")
			.contains("message grpc.health.v1.HealthCheckRequest {\n  string service;\n}\n")
			.contains("grpc.health.v1.HealthCheckResponse.ServingStatus status;  // UNKNOWN | SERVING | NOT_SERVING");
		assertThat(service.out.split("message grpc.health.v1.HealthCheckRequest ", -1)).hasSize(2);
	}

	@Test
	void whenDescribingWithJsonThenMethodsAndTemplateArePrintedAsJson() {
		Run service = run("describe", target, "grpc.health.v1.Health", "--plaintext", "--json");
		assertThat(service.code).isZero();
		assertThat(service.out).contains("\"name\" : \"Check\"", "\"callType\" : \"unary\"",
				"\"callType\" : \"server-streaming\"");
		Run template = run("describe", target, "grpc.health.v1.Health/Check", "--plaintext");
		assertThat(template.out).contains("\"service\": \"\"");
	}

	@Test
	void whenCallingThenTheResultIsJsonAndTheExitCodeFollowsTheStatus() {
		Run ok = run("call", target, "grpc.health.v1.Health/Check", "-d", "{\"service\": \"\"}", "--plaintext");
		assertThat(ok.code).isZero();
		assertThat(ok.out).contains("\"status\" : \"OK\"", "\"status\" : \"SERVING\"", "\"elapsedMs\"");
		Run notFound = run("call", target, "grpc.health.v1.Health/Check", "-d", "{\"service\": \"missing\"}",
				"--plaintext");
		assertThat(notFound.code).isEqualTo(GrpcCall.CALL_FAILED);
		assertThat(notFound.out).contains("\"status\" : \"NOT_FOUND\"");
	}

	@Test
	void whenRequestsComeFromAFileThenEachLineIsARequest(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("requests.jsonl");
		Files.writeString(file, "{\"service\": \"shop\"}\n");
		Run run = run("call", target, "grpc.health.v1.Health/Check", "-d", "@" + file, "--plaintext");
		assertThat(run.out).contains("\"status\" : \"NOT_SERVING\"");
	}

	@Test
	void whenInputIsBadThenAClearMessageAndExitCodeTwoWithoutStackTrace() {
		Run unknown = run("call", target, "grpc.health.v1.Health/Chek", "--plaintext");
		assertThat(unknown.code).isEqualTo(GrpcCall.CANNOT_CALL);
		assertThat(unknown.err).isEqualTo("error: unknown method Chek of grpc.health.v1.Health; did you mean Check?\n");
		Run badJson = run("call", target, "grpc.health.v1.Health/Check", "-d", "{\"svc\": 1}", "--plaintext");
		assertThat(badJson.code).isEqualTo(GrpcCall.CANNOT_CALL);
		assertThat(badJson.err).startsWith("error: the request does not fit grpc.health.v1.HealthCheckRequest")
			.doesNotContain("\tat ");
		Run badHeader = run("call", target, "grpc.health.v1.Health/Check", "-H", "nocolon", "--plaintext");
		assertThat(badHeader.err).isEqualTo("error: header must be 'name: value', was 'nocolon'\n");
		Run missing = run("call", target);
		assertThat(missing.code).isEqualTo(GrpcCall.CANNOT_CALL);
		assertThat(missing.err).startsWith("Usage: grpc-call call")
			.contains("error: Missing required parameter: 'SERVICE/METHOD'");
		assertThat(missing.out).contains("\"error\" : \"Missing required parameter: 'SERVICE/METHOD'\"",
				"\"exitCode\" : 2");
	}

	@Test
	void whenNoCallCanBeMadeThenTheOutcomeIsAlsoJsonOnStandardOutput() {
		Run unknown = run("call", target, "grpc.health.v1.Health/Chek", "--plaintext");
		assertThat(unknown.out).isEqualTo("{\n  \"error\" : \"unknown method Chek of grpc.health.v1.Health; did you mean"
				+ " Check?\",\n  \"exitCode\" : 2\n}\n");
	}

	@Test
	void whenAskedForHelpThenEveryCommandPrintsItsUsageWithoutComplaining() {
		for (String command : List.of("list", "describe", "call")) {
			Run help = run(command, "--help");
			assertThat(help.code).as(command).isZero();
			assertThat(help.out).as(command).startsWith("Usage: grpc-call " + command);
			assertThat(help.err).as(command).isEmpty();
		}
		assertThat(run("call", "--help").out).contains("--reflection-headers", "Exit codes: 0 OK, 1");
		assertThat(run("--help").code).isZero();
	}

	@Test
	void whenAKeyIsGivenThenItGoesToTheMethodAndToReflectionOnlyWhenAsked() {
		reflectionKeys.clear();
		Run call = run("call", target, "grpc.health.v1.Health/Check", "-H", "x-api-key: gsk_secret", "--plaintext");
		assertThat(call.code).isZero();
		assertThat(reflectionKeys).isNotEmpty().containsOnly("null");
		reflectionKeys.clear();
		run("list", target, "-H", "x-api-key: gsk_secret", "--plaintext", "--reflection-headers");
		assertThat(reflectionKeys).isNotEmpty().containsOnly("gsk_secret");
	}

	@Test
	void whenTlsMeetsAPlaintextServerThenTheHintIsPlaintextWithoutANettyPipeline() {
		Run run = run("list", target, "--deadline", "5s");
		assertThat(run.code).isEqualTo(GrpcCall.CANNOT_CALL);
		assertThat(run.err).isEqualTo("error: TLS handshake with " + target
				+ " failed: the server does not answer with TLS (a plaintext server?) (hint: the server speaks"
				+ " plaintext: add --plaintext)\n");
		assertThat(run.out).contains("\"hint\" : \"the server speaks plaintext: add --plaintext\"");
	}

	@Test
	void whenTheTargetIsUnreachableThenTheMessageSaysSo() throws Exception {
		int port;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Run run = run("list", "127.0.0.1:" + port, "--plaintext", "--deadline", "2s");
		assertThat(run.code).isEqualTo(GrpcCall.CANNOT_CALL);
		assertThat(run.err).startsWith("error: cannot reach 127.0.0.1:" + port).doesNotContain("\n\t");
	}

	private static Run run(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int code = GrpcCall.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
		return new Run(code, out.toString(), err.toString());
	}

	private record Run(int code, String out, String err) {
	}

}
