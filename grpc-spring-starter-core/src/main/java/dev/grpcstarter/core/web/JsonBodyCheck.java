package dev.grpcstarter.core.web;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds what is wrong with a JSON body for a message before protobuf-java-util parses it,
 * in words a client can act on: the path of the field ({@code book.pages}), and what was
 * expected there. protobuf-java-util's own messages name neither the path nor, for unknown
 * fields, what the message has.
 */
final class JsonBodyCheck {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final boolean ignoreUnknownFields;

	JsonBodyCheck(boolean ignoreUnknownFields) {
		this.ignoreUnknownFields = ignoreUnknownFields;
	}

	/**
	 * The first problem of a body.
	 * @param body the JSON text
	 * @param type the message it must be
	 * @param prefix the path of the body in the request message ({@code ""} for the whole)
	 * @return the problem, or {@code null} when none was found
	 */
	@Nullable String problem(String body, Descriptor type, String prefix) {
		JsonNode root;
		try {
			root = JSON.readTree(body);
		}
		catch (JacksonException ex) {
			return "malformed JSON: " + ex.getOriginalMessage() + location(ex);
		}
		return message(root, type, prefix);
	}

	/**
	 * The first problem of a body that is one field of the message.
	 * @param body the JSON text
	 * @param field the field it is
	 * @return the problem, or {@code null}
	 */
	@Nullable String problem(String body, FieldDescriptor field) {
		JsonNode root;
		try {
			root = JSON.readTree(body);
		}
		catch (JacksonException ex) {
			return "malformed JSON: " + ex.getOriginalMessage() + location(ex);
		}
		return field(root, field, field.getName());
	}

	private static String location(JacksonException ex) {
		return (ex.getLocation() != null)
				? " at line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() : "";
	}

	private @Nullable String message(JsonNode node, Descriptor type, String path) {
		if (isWellKnown(type) || node.isNull()) {
			return null;
		}
		if (!node.isObject()) {
			return at(path) + "expected an object (" + type.getFullName() + "), got " + kind(node);
		}
		for (String name : node.propertyNames()) {
			FieldDescriptor field = MessageFields.field(type, name);
			String fieldPath = path.isEmpty() ? name : path + "." + name;
			if (field == null) {
				if (this.ignoreUnknownFields) {
					continue;
				}
				return "unknown field '" + fieldPath + "': " + type.getFullName() + " has "
						+ String.join(", ", type.getFields().stream().map(FieldDescriptor::getJsonName).toList());
			}
			String problem = field(node.get(name), field, fieldPath);
			if (problem != null) {
				return problem;
			}
		}
		return null;
	}

	private @Nullable String field(JsonNode node, FieldDescriptor field, String path) {
		if (node.isNull()) {
			return null;
		}
		if (field.isMapField()) {
			if (!node.isObject()) {
				return at(path) + "expected an object (a map), got " + kind(node);
			}
			FieldDescriptor value = field.getMessageType().findFieldByName("value");
			for (String key : node.propertyNames()) {
				String problem = value(node.get(key), value, path + "." + key);
				if (problem != null) {
					return problem;
				}
			}
			return null;
		}
		if (field.isRepeated()) {
			if (!node.isArray()) {
				return at(path) + "expected an array, got " + kind(node);
			}
			for (int i = 0; i < node.size(); i++) {
				String problem = value(node.get(i), field, path + "[" + i + "]");
				if (problem != null) {
					return problem;
				}
			}
			return null;
		}
		return value(node, field, path);
	}

	private @Nullable String value(JsonNode node, FieldDescriptor field, String path) {
		if (node.isNull()) {
			return null;
		}
		boolean fits = switch (field.getJavaType()) {
			case MESSAGE -> true;
			case INT, LONG -> node.isIntegralNumber() || (node.isString() && isInteger(node.stringValue()));
			case FLOAT, DOUBLE -> node.isNumber() || (node.isString() && isNumber(node.stringValue()));
			case BOOLEAN -> node.isBoolean();
			case STRING, BYTE_STRING -> node.isString();
			case ENUM -> (node.isString() && field.getEnumType().findValueByName(node.stringValue()) != null)
					|| node.isIntegralNumber();
		};
		if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
			return message(node, field.getMessageType(), path);
		}
		return fits ? null : at(path) + "expected " + MessageFields.expected(field) + ", got " + kind(node);
	}

	private static boolean isWellKnown(Descriptor type) {
		return type.getFullName().startsWith("google.protobuf.");
	}

	private static boolean isInteger(String text) {
		try {
			new java.math.BigDecimal(text).toBigIntegerExact();
			return true;
		}
		catch (ArithmeticException | NumberFormatException ex) {
			return false;
		}
	}

	private static boolean isNumber(String text) {
		if (text.equals("NaN") || text.equals("Infinity") || text.equals("-Infinity")) {
			return true;
		}
		try {
			Double.parseDouble(text);
			return true;
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	private static String at(String path) {
		return "field '" + path + "': ";
	}

	private static String kind(JsonNode node) {
		String text = node.toString();
		return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " "
				+ ((text.length() > 40) ? text.substring(0, 40) + "..." : text);
	}

}
