package dev.grpcstarter.client;

import com.google.protobuf.Descriptors.Descriptor;

/**
 * Words for JSON that does not fit a message. protobuf-java-util names the unknown field
 * or the bad value; this adds what the message expects.
 */
final class JsonProblems {

	private JsonProblems() {
	}

	static String explain(Exception ex, Descriptor type) {
		String message = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		if (message.startsWith("Cannot find field:")) {
			return message + " (fields of " + type.getFullName() + ": " + String.join(", ",
					type.getFields().stream().map((field) -> field.getJsonName()).toList()) + ")";
		}
		return message;
	}

}
