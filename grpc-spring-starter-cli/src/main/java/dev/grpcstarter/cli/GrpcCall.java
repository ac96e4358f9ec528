package dev.grpcstarter.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.grpcstarter.client.DynamicGrpcClient;
import dev.grpcstarter.client.DynamicInvocationException;
import dev.grpcstarter.client.InvocationResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code grpc-call}: list, describe and call the services of any gRPC server with server
 * reflection, JSON in and JSON out. Exit codes: 0 the call ended OK, 1 the server answered
 * with another status, 2 the call could not be made (usage, unknown names, unreachable);
 * every outcome is JSON on standard output, errors also one line on standard error.
 */
@Command(name = "grpc-call", mixinStandardHelpOptions = true, version = "grpc-call 0.1.0",
		description = "Calls any gRPC server through server reflection: JSON in, JSON out.",
		footer = { "", "Exit codes: 0 OK, 1 the server answered another status, 2 usage or connection error." },
		subcommands = { GrpcCall.ListCommand.class, GrpcCall.DescribeCommand.class, GrpcCall.CallCommand.class })
public final class GrpcCall {

	static final int CALL_FAILED = 1;

	static final int CANNOT_CALL = 2;

	static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * Runs the tool.
	 * @param args the arguments
	 */
	public static void main(String[] args) {
		System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
	}

	/**
	 * Runs the tool with the given streams, for embedding and tests.
	 * @param out where results go
	 * @param err where errors go
	 * @param args the arguments
	 * @return the exit code
	 */
	public static int run(PrintWriter out, PrintWriter err, String... args) {
		CommandLine commandLine = new CommandLine(new GrpcCall());
		// "-d @file" is ours: picocli must not expand @-files itself.
		commandLine.setExpandAtFiles(false);
		commandLine.setOut(out);
		commandLine.setErr(err);
		commandLine.setExitCodeExceptionMapper((ex) -> CANNOT_CALL);
		commandLine.setExecutionExceptionHandler((ex, cmd, parsed) -> {
			// A message for people, never a stack trace.
			String message = (ex instanceof DynamicInvocationException) ? ex.getMessage() : String.valueOf(ex);
			Connection connection = (cmd.getCommand() instanceof Connected connected) ? connected.connection() : null;
			report(cmd, ErrorReport.of(message, connection != null && connection.headersOnReflection,
					connection != null && !connection.headers.isEmpty()));
			return CANNOT_CALL;
		});
		commandLine.setParameterExceptionHandler((ex, arguments) -> {
			report(ex.getCommandLine(), new ErrorReport(ex.getMessage(), "see the usage, or --help"));
			return CANNOT_CALL;
		});
		return commandLine.execute(args);
	}

	private static void report(CommandLine command, ErrorReport report) {
		if (report.hint() != null && report.hint().startsWith("see the usage")) {
			command.usage(command.getErr());
			command.getErr().println("error: " + report.message());
		}
		else {
			command.getErr().println(report.line());
		}
		command.getOut().println(report.json());
	}

	/** A command that talks to a server. */
	interface Connected {

		Connection connection();

	}

	/** How to reach the server. */
	static final class Connection {

		@Parameters(index = "0", paramLabel = "TARGET", description = "host:port of the server")
		String target;

		@Option(names = "--plaintext", description = "Use plaintext instead of TLS.")
		boolean plaintext;

		@Option(names = "--cacert", paramLabel = "FILE", description = "PEM file of certificates to trust for TLS.")
		File caCertificates;

		@Option(names = { "-H", "--header" }, paramLabel = "'NAME: VALUE'",
				description = "Metadata to send, for example -H 'x-api-key: gsk_...'; repeatable.")
		List<String> headers = new ArrayList<>();

		@Option(names = "--reflection-headers",
				description = "Also send the -H headers on the reflection calls that fetch descriptors"
						+ " (off by default: a key is sent to the called method only).")
		boolean headersOnReflection;

		@Option(names = "--deadline", paramLabel = "DURATION", defaultValue = "10s",
				description = "Deadline of each call, for example 500ms, 10s, 1m (default: ${DEFAULT-VALUE}).")
		String deadline;

		DynamicGrpcClient client() {
			DynamicGrpcClient.Builder builder = DynamicGrpcClient.forTarget(this.target)
				.deadline(deadline())
				.headersOnReflection(this.headersOnReflection);
			if (this.plaintext) {
				builder.plaintext();
			}
			else if (this.caCertificates != null) {
				builder.trustCertificates(this.caCertificates);
			}
			headers().forEach(builder::header);
			return builder.build();
		}

		Duration deadline() {
			String text = this.deadline.trim().toLowerCase(java.util.Locale.ROOT);
			try {
				if (text.endsWith("ms")) {
					return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
				}
				long amount = Long.parseLong(text.substring(0, text.length() - 1));
				return switch (text.charAt(text.length() - 1)) {
					case 's' -> Duration.ofSeconds(amount);
					case 'm' -> Duration.ofMinutes(amount);
					default -> throw new NumberFormatException();
				};
			}
			catch (RuntimeException ex) {
				throw new DynamicInvocationException("--deadline must look like 500ms, 10s or 1m, was '" + this.deadline
						+ "'");
			}
		}

		Map<String, String> headers() {
			Map<String, String> values = new LinkedHashMap<>();
			for (String header : this.headers) {
				int colon = header.indexOf(':');
				if (colon <= 0) {
					throw new DynamicInvocationException("header must be 'name: value', was '" + header + "'");
				}
				values.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
			}
			return values;
		}

	}

	@Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the services of a server.")
	static final class ListCommand implements Callable<Integer>, Connected {

		@Mixin
		Connection connection;

		@Override
		public Connection connection() {
			return this.connection;
		}

		@CommandLine.Spec
		CommandLine.Model.CommandSpec spec;

		@Override
		public Integer call() {
			try (DynamicGrpcClient client = this.connection.client()) {
				this.spec.commandLine().getOut().println(JSON.writerWithDefaultPrettyPrinter()
					.writeValueAsString(client.listServices()));
			}
			return 0;
		}

	}

	@Command(name = "describe", mixinStandardHelpOptions = true,
			description = "Describes a service as .proto-like text (--json for JSON), or shows a request template"
					+ " of a method.")
	static final class DescribeCommand implements Callable<Integer>, Connected {

		@Mixin
		Connection connection;

		@Override
		public Connection connection() {
			return this.connection;
		}

		@Parameters(index = "1", paramLabel = "SERVICE[/METHOD]",
				description = "A service, or a method to show its request template.")
		String name;

		@Option(names = "--json", description = "Print the service description as JSON.")
		boolean json;

		@CommandLine.Spec
		CommandLine.Model.CommandSpec spec;

		@Override
		public Integer call() {
			try (DynamicGrpcClient client = this.connection.client()) {
				int slash = this.name.indexOf('/');
				String text;
				if (slash >= 0) {
					text = client.requestTemplate(this.name.substring(0, slash), this.name.substring(slash + 1));
				}
				else if (this.json) {
					text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(client.describe(this.name));
				}
				else {
					text = ProtoText.render(client.describe(this.name));
				}
				this.spec.commandLine().getOut().println(text);
			}
			return 0;
		}

	}

	@Command(name = "call", mixinStandardHelpOptions = true,
			description = "Calls a method and prints the result as JSON.",
			footer = { "", "Exit codes: 0 OK, 1 the server answered another status, 2 usage or connection error." })
	static final class CallCommand implements Callable<Integer>, Connected {

		@Mixin
		Connection connection;

		@Override
		public Connection connection() {
			return this.connection;
		}

		@Parameters(index = "1", paramLabel = "SERVICE/METHOD", description = "The method, package.Service/Method.")
		String method;

		@Option(names = { "-d", "--data" }, paramLabel = "JSON|@FILE|@-",
				description = "The request as JSON, or @file / @- (stdin) with one JSON object per line for"
						+ " streaming calls; default {}.")
		String data = "{}";

		@CommandLine.Spec
		CommandLine.Model.CommandSpec spec;

		@Override
		public Integer call() throws IOException {
			int slash = this.method.indexOf('/');
			if (slash <= 0 || slash == this.method.length() - 1) {
				throw new DynamicInvocationException("method must be package.Service/Method, was '" + this.method + "'");
			}
			List<String> requests = requests();
			try (DynamicGrpcClient client = this.connection.client()) {
				InvocationResult result = client.invoke(this.method.substring(0, slash),
						this.method.substring(slash + 1), requests);
				this.spec.commandLine().getOut().println(render(result));
				return result.ok() ? 0 : CALL_FAILED;
			}
		}

		private List<String> requests() throws IOException {
			if (!this.data.startsWith("@")) {
				return List.of(this.data);
			}
			String source = this.data.substring(1);
			List<String> lines = source.equals("-")
					? new String(System.in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()
					: readFile(source);
			return lines.stream().map(String::trim).filter((line) -> !line.isEmpty()).toList();
		}

		private static List<String> readFile(String path) {
			try {
				return Files.readAllLines(new File(path).toPath(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new DynamicInvocationException("cannot read " + path + ": " + ex.getMessage());
			}
		}

		private static String render(InvocationResult result) {
			ObjectNode root = JSON.createObjectNode();
			root.put("status", result.code());
			if (result.message() != null) {
				root.put("message", result.message());
			}
			var responses = root.putArray("responses");
			for (String response : result.responses()) {
				JsonNode node = JSON.readTree(response);
				responses.add(node);
			}
			root.set("headers", JSON.valueToTree(result.headers()));
			root.set("trailers", JSON.valueToTree(result.trailers()));
			root.put("elapsedMs", result.elapsed().toNanos() / 1_000_000.0);
			return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
		}

	}

}
