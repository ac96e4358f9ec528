package dev.grpcstarter.cli;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * An outcome where no call could be made (bad usage, unknown names, unreachable server),
 * as JSON on standard output and one line on standard error, with a hint where a likely
 * fix is known.
 *
 * @param message what went wrong
 * @param hint what to try, or {@code null}
 */
record ErrorReport(String message, @Nullable String hint) {

	static ErrorReport of(String message, boolean headersOnReflection, boolean headersGiven) {
		String hint = null;
		if (message.startsWith("TLS handshake with ")) {
			hint = "the server speaks plaintext: add --plaintext";
		}
		else if (message.contains(" refused: UNAUTHENTICATED") && !headersOnReflection) {
			hint = headersGiven ? "the server wants a key for reflection too: add --reflection-headers"
					: "the server wants a key for reflection too: add -H 'x-api-key: ...' --reflection-headers";
		}
		else if (message.startsWith("cannot reach ")) {
			hint = "is the server running, on this host and port?";
		}
		return new ErrorReport(message, hint);
	}

	String json() {
		ObjectNode root = GrpcCall.JSON.createObjectNode();
		root.put("error", this.message);
		if (this.hint != null) {
			root.put("hint", this.hint);
		}
		root.put("exitCode", GrpcCall.CANNOT_CALL);
		return GrpcCall.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
	}

	String line() {
		return "error: " + this.message + ((this.hint != null) ? " (hint: " + this.hint + ")" : "");
	}

}
