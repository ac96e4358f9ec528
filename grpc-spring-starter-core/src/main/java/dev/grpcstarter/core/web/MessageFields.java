package dev.grpcstarter.core.web;

import java.util.Base64;
import java.util.List;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.StringValue;
import com.google.protobuf.util.JsonFormat;
import org.jspecify.annotations.Nullable;

/**
 * Sets a request field named by a path ({@code book.author.name}) from text, as path
 * variables and query parameters give it: scalars, enums (by name or number), bytes
 * (base64), repeated fields (one value each), wrapper types and the other well-known types
 * written as a JSON string ({@code Timestamp}, {@code Duration}, {@code FieldMask}).
 */
final class MessageFields {

	private MessageFields() {
	}

	/**
	 * Finds a field by its proto name or its JSON name.
	 * @param type the message type
	 * @param name the name
	 * @return the field, or {@code null}
	 */
	static @Nullable FieldDescriptor field(Descriptor type, String name) {
		FieldDescriptor field = type.findFieldByName(name);
		if (field != null) {
			return field;
		}
		for (FieldDescriptor candidate : type.getFields()) {
			if (candidate.getJsonName().equals(name)) {
				return candidate;
			}
		}
		return null;
	}

	/**
	 * Whether a field path names a field of the type.
	 * @param type the message type
	 * @param path the path
	 * @return the leaf field, or {@code null} when the path does not resolve
	 */
	static @Nullable FieldDescriptor resolve(Descriptor type, String path) {
		Descriptor current = type;
		FieldDescriptor field = null;
		for (String name : path.split("\\.")) {
			if (current == null) {
				return null;
			}
			field = field(current, name);
			if (field == null) {
				return null;
			}
			current = (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isRepeated())
					? field.getMessageType() : null;
		}
		return field;
	}

	/**
	 * Sets a field.
	 * @param message the message to change
	 * @param path the field path
	 * @param values the values as text, several only for a repeated field
	 * @param origin what the values are, for messages ({@code query parameter 'a.b'})
	 * @throws BadRequestException when the path names no field or a value does not fit it
	 */
	static void set(DynamicMessage.Builder message, String path, List<String> values, String origin)
			throws BadRequestException {
		int dot = path.indexOf('.');
		String name = (dot < 0) ? path : path.substring(0, dot);
		Descriptor type = message.getDescriptorForType();
		FieldDescriptor field = field(type, name);
		if (field == null) {
			throw new BadRequestException(origin + ": " + type.getFullName() + " has no field '" + name + "' (fields: "
					+ String.join(", ", type.getFields().stream().map(FieldDescriptor::getName).toList()) + ")");
		}
		if (dot >= 0) {
			if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE || field.isRepeated()) {
				throw new BadRequestException(origin + ": field '" + name + "' of " + type.getFullName()
						+ " is not a singular message, so it has no field '" + path.substring(dot + 1) + "'");
			}
			DynamicMessage.Builder inner = DynamicMessage.newBuilder(field.getMessageType());
			if (message.hasField(field)) {
				inner.mergeFrom((Message) message.getField(field));
			}
			set(inner, path.substring(dot + 1), values, origin);
			message.setField(field, inner.build());
			return;
		}
		if (field.isMapField()) {
			throw new BadRequestException(origin + ": map field '" + name + "' cannot be set from a path or query");
		}
		if (!field.isRepeated() && values.size() > 1) {
			throw new BadRequestException(origin + ": given " + values.size() + " times, but field '" + name
					+ "' is not repeated");
		}
		for (String value : values) {
			Object parsed = value(field, value, origin);
			if (field.isRepeated()) {
				message.addRepeatedField(field, parsed);
			}
			else {
				message.setField(field, parsed);
			}
		}
	}

	private static Object value(FieldDescriptor field, String text, String origin) throws BadRequestException {
		try {
			return switch (field.getJavaType()) {
				case STRING -> text;
				case INT -> switch (field.getType()) {
					case UINT32, FIXED32 -> Integer.parseUnsignedInt(text);
					default -> Integer.parseInt(text);
				};
				case LONG -> switch (field.getType()) {
					case UINT64, FIXED64 -> Long.parseUnsignedLong(text);
					default -> Long.parseLong(text);
				};
				case FLOAT -> Float.parseFloat(text);
				case DOUBLE -> Double.parseDouble(text);
				case BOOLEAN -> bool(text);
				case BYTE_STRING -> ByteString.copyFrom(bytes(text));
				case ENUM -> enumValue(field, text, origin);
				case MESSAGE -> wellKnown(field, text, origin);
			};
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequestException(origin + ": expected " + expected(field) + " for field '" + field.getName()
					+ "', got '" + text + "'");
		}
	}

	private static boolean bool(String text) {
		if (text.equals("true")) {
			return true;
		}
		if (text.equals("false")) {
			return false;
		}
		throw new IllegalArgumentException(text);
	}

	private static byte[] bytes(String text) {
		return (text.indexOf('-') >= 0 || text.indexOf('_') >= 0) ? Base64.getUrlDecoder().decode(text)
				: Base64.getDecoder().decode(text);
	}

	private static EnumValueDescriptor enumValue(FieldDescriptor field, String text, String origin)
			throws BadRequestException {
		EnumValueDescriptor value = field.getEnumType().findValueByName(text);
		if (value == null) {
			try {
				value = field.getEnumType().findValueByNumber(Integer.parseInt(text));
			}
			catch (NumberFormatException ex) {
				value = null;
			}
		}
		if (value == null) {
			throw new BadRequestException(origin + ": '" + text + "' is not a value of " + field.getEnumType().getFullName()
					+ " (values: " + String.join(", ", field.getEnumType().getValues().stream().map(EnumValueDescriptor::getName).toList())
					+ ")");
		}
		return value;
	}

	/** Wrapper types hold their value in field {@code value}; Timestamp, Duration and FieldMask are JSON strings. */
	private static Object wellKnown(FieldDescriptor field, String text, String origin) throws BadRequestException {
		Descriptor type = field.getMessageType();
		if (!type.getFullName().startsWith("google.protobuf.")) {
			throw new BadRequestException(origin + ": field '" + field.getName() + "' is a message ("
					+ type.getFullName() + "); set its fields as '" + field.getName() + ".<field>'");
		}
		DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
		FieldDescriptor value = type.findFieldByName("value");
		if (type.getFullName().endsWith("Value") && value != null && !value.isRepeated()
				&& value.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
			builder.setField(value, value(value, text, origin));
			return builder.build();
		}
		try {
			// A JSON string literal, escaped by the printer.
			JsonFormat.parser().merge(JsonFormat.printer().print(StringValue.of(text)), builder);
			return builder.build();
		}
		catch (InvalidProtocolBufferException ex) {
			throw new BadRequestException(origin + ": '" + text + "' is not a " + type.getFullName() + " ("
					+ ex.getMessage() + ")");
		}
	}

	static String expected(FieldDescriptor field) {
		return switch (field.getJavaType()) {
			case INT, LONG -> (field.getType().name().startsWith("U") || field.getType().name().startsWith("FIXED"))
					? "an unsigned integer" : "an integer";
			case FLOAT, DOUBLE -> "a number";
			case BOOLEAN -> "true or false";
			case STRING -> "a string";
			case BYTE_STRING -> "base64 bytes";
			case ENUM -> "one of " + field.getEnumType().getFullName() + "'s values";
			case MESSAGE -> "an object (" + field.getMessageType().getFullName() + ")";
		};
	}

}
