package dev.grpcstarter.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.grpcstarter.client.ServiceDescription;
import dev.grpcstarter.client.ServiceDescription.FieldSchema;
import dev.grpcstarter.client.ServiceDescription.MessageSchema;
import dev.grpcstarter.client.ServiceDescription.MethodDescription;

/**
 * A service description as .proto-like text: the service with one line per method, then
 * each message it uses, once (protobuf's well-known types excepted). Field numbers and options are not known from the
 * description and not shown.
 */
final class ProtoText {

	/** Protobuf's well-known types (Timestamp, Duration, ...), used by name and not listed. */
	private static final String WELL_KNOWN = "google.protobuf.";

	private ProtoText() {
	}

	static String render(ServiceDescription service) {
		StringBuilder text = new StringBuilder();
		text.append("// ").append(service.file()).append('\n');
		text.append("service ").append(service.name()).append(" {\n");
		Map<String, MessageSchema> messages = new LinkedHashMap<>();
		for (MethodDescription method : service.methods()) {
			boolean clientStreaming = method.callType().equals("client-streaming")
					|| method.callType().equals("bidi-streaming");
			boolean serverStreaming = method.callType().equals("server-streaming")
					|| method.callType().equals("bidi-streaming");
			text.append("  rpc ")
				.append(method.name())
				.append('(')
				.append(clientStreaming ? "stream " : "")
				.append(method.input().type())
				.append(") returns (")
				.append(serverStreaming ? "stream " : "")
				.append(method.output().type())
				.append(");\n");
			collect(method.input(), messages);
			collect(method.output(), messages);
		}
		text.append("}\n");
		for (MessageSchema message : messages.values()) {
			if (message.type().startsWith(WELL_KNOWN)) {
				continue;
			}
			text.append('\n').append("message ").append(message.type()).append(" {");
			if (message.fields().isEmpty()) {
				text.append("}\n");
				continue;
			}
			text.append('\n');
			for (FieldSchema field : message.fields()) {
				text.append("  ")
					.append(field.repeated() ? "repeated " : "")
					.append(field.type())
					.append(' ')
					.append(field.name())
					.append(';');
				if (!field.enumValues().isEmpty()) {
					text.append("  // ").append(String.join(" | ", field.enumValues()));
				}
				text.append('\n');
			}
			text.append("}\n");
		}
		return text.toString();
	}

	/** Each message once, with the fullest schema seen (nested ones are cut at a depth). */
	private static void collect(MessageSchema message, Map<String, MessageSchema> messages) {
		MessageSchema seen = messages.get(message.type());
		if (seen != null && seen.fields().size() >= message.fields().size()) {
			return;
		}
		messages.put(message.type(), message);
		for (FieldSchema field : message.fields()) {
			if (field.message() != null) {
				collect(field.message(), messages);
			}
		}
	}

}
