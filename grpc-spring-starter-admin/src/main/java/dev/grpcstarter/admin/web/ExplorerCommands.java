package dev.grpcstarter.admin.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * An explorer request as shell commands for {@code grpc-call} and {@code grpcurl}: the same
 * method, body and metadata against the same gRPC port. A command never holds an API key:
 * where the request carried one, the command reads it from the environment variable
 * {@value #API_KEY_VARIABLE}.
 *
 * @param grpcCall the {@code grpc-call} command
 * @param grpcurl the {@code grpcurl} command
 * @param usesApiKey whether the commands read {@value #API_KEY_VARIABLE}
 */
record ExplorerCommands(String grpcCall, String grpcurl, boolean usesApiKey) {

	/** The environment variable the commands read the API key from. */
	static final String API_KEY_VARIABLE = "GRPC_API_KEY";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * The commands of a request.
	 * @param target the gRPC server, {@code host:port}
	 * @param fullMethod {@code package.Service/Method}
	 * @param requests the requests, one for unary and server-streaming methods
	 * @param metadata the metadata lines that may be shown ({@code name: value}), without
	 * credentials
	 * @param apiKeyHeader the header the API key goes in, or {@code null} when the request
	 * carried no key
	 * @return the commands
	 */
	static ExplorerCommands of(String target, String fullMethod, List<String> requests, List<String> metadata,
			@org.jspecify.annotations.Nullable String apiKeyHeader) {
		List<String> headers = new ArrayList<>();
		for (String line : metadata) {
			headers.add("-H " + quote(line));
		}
		if (apiKeyHeader != null) {
			// Double quotes: the shell puts the key in, so it is never part of the command.
			headers.add("-H \"" + apiKeyHeader.toLowerCase(Locale.ROOT) + ": $" + API_KEY_VARIABLE + "\"");
		}
		List<String> compact = requests.stream().map(ExplorerCommands::compact).toList();
		String headerText = headers.isEmpty() ? "" : " " + String.join(" ", headers);
		String grpcCall;
		if (compact.size() == 1) {
			grpcCall = "grpc-call call " + target + " " + fullMethod + " -d " + quote(compact.get(0)) + headerText
					+ " --plaintext";
		}
		else {
			List<String> quoted = compact.stream().map(ExplorerCommands::quote).toList();
			grpcCall = "printf '%s\\n' " + String.join(" ", quoted) + " | grpc-call call " + target + " " + fullMethod
					+ " -d @-" + headerText + " --plaintext";
		}
		String grpcurl = "grpcurl -plaintext" + headerText + " -d " + quote(String.join(" ", compact)) + " " + target
				+ " " + fullMethod;
		return new ExplorerCommands(grpcCall, grpcurl, apiKeyHeader != null);
	}

	/** One line of JSON; text that is not JSON is passed on as it is, for the tool to name. */
	private static String compact(String json) {
		if (json.isBlank()) {
			return "{}";
		}
		try {
			return JSON.readTree(json).toString();
		}
		catch (JacksonException ex) {
			return json.strip();
		}
	}

	/** A single-quoted shell word: nothing in it is expanded. */
	static String quote(String text) {
		return "'" + text.replace("'", "'\\''") + "'";
	}

}
