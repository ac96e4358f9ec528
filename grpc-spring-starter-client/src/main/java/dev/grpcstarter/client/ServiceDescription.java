package dev.grpcstarter.client;

import java.util.List;

/**
 * A service with its methods and their message schemas.
 *
 * @param name the full service name
 * @param file the .proto file defining it
 * @param methods the methods
 */
public record ServiceDescription(String name, String file, List<MethodDescription> methods) {

	/**
	 * A method.
	 *
	 * @param name the method name
	 * @param fullName {@code package.Service/Method}
	 * @param callType unary, server-streaming, client-streaming or bidi-streaming
	 * @param input the request message
	 * @param output the response message
	 */
	public record MethodDescription(String name, String fullName, String callType, MessageSchema input,
			MessageSchema output) {

	}

	/**
	 * A message and its fields, nested messages expanded to a limited depth.
	 *
	 * @param type the full message name
	 * @param fields the fields; empty past the depth limit or for recursive types
	 */
	public record MessageSchema(String type, List<FieldSchema> fields) {

	}

	/**
	 * One field.
	 *
	 * @param name the field name, as in the .proto file
	 * @param jsonName the name in JSON
	 * @param type {@code int64}, {@code string}, a message or an enum name
	 * @param repeated whether the field is repeated (or a map)
	 * @param enumValues the values of an enum field, else empty
	 * @param message the schema of a message field, else {@code null}
	 */
	public record FieldSchema(String name, String jsonName, String type, boolean repeated, List<String> enumValues,
			@org.jspecify.annotations.Nullable MessageSchema message) {

	}

}
