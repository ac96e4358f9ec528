package dev.grpcstarter.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.grpc.Server;
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

	private static Server server;

	private static String target;

	@BeforeAll
	static void start() throws Exception {
		HealthStatusManager health = new HealthStatusManager();
		health.setStatus("shop", ServingStatus.NOT_SERVING);
		server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
			.addService(health.getHealthService())
			.addService(ProtoReflectionServiceV1.newInstance())
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
	void whenDescribingThenMethodsAndTemplateArePrinted() {
		Run service = run("describe", target, "grpc.health.v1.Health", "--plaintext");
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
		assertThat(missing.err).startsWith("error: Missing required parameter");
	}

	@Test
	void whenTheTargetIsUnreachableThenTheMessageSaysSo() throws Exception {
		int port;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Run run = run("list", "127.0.0.1:" + port, "--plaintext", "--deadline", "2s");
		assertThat(run.code).isEqualTo(GrpcCall.CANNOT_CALL);
		assertThat(run.err).startsWith("error: cannot reach 127.0.0.1:" + port);
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
