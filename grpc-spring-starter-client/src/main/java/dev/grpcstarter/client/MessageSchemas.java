package dev.grpcstarter.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import dev.grpcstarter.client.ServiceDescription.FieldSchema;
import dev.grpcstarter.client.ServiceDescription.MessageSchema;
import dev.grpcstarter.client.ServiceDescription.MethodDescription;

/**
 * Descriptions and JSON request templates from protobuf descriptors.
 */
final class MessageSchemas {

	/** How deep nested messages are expanded. */
	static final int MAX_DEPTH = 3;

	/** Well-known types have their own JSON forms; they are shown as a whole, not field by field. */
	private static final Set<String> OPAQUE = Set.of("google.protobuf.Any", "google.protobuf.Struct",
			"google.protobuf.Value", "google.protobuf.ListValue", "google.protobuf.Timestamp",
			"google.protobuf.Duration", "google.protobuf.FieldMask", "google.protobuf.Empty");

	private MessageSchemas() {
	}

	static ServiceDescription describe(ServiceDescriptor service) {
		List<MethodDescription> methods = new ArrayList<>();
		for (MethodDescriptor method : service.getMethods()) {
			methods.add(new MethodDescription(method.getName(), service.getFullName() + "/" + method.getName(),
					callType(method), schema(method.getInputType(), 0), schema(method.getOutputType(), 0)));
		}
		return new ServiceDescription(service.getFullName(), service.getFile().getName(), methods);
	}

	static String callType(MethodDescriptor method) {
		// The words the server's request log uses: grpc-java's method type, lower case, hyphenated.
		return methodType(method).name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	static io.grpc.MethodDescriptor.MethodType methodType(MethodDescriptor method) {
		if (method.isClientStreaming()) {
			return method.isServerStreaming() ? io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING
					: io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING;
		}
		return method.isServerStreaming() ? io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING
				: io.grpc.MethodDescriptor.MethodType.UNARY;
	}

	private static MessageSchema schema(Descriptor type, int depth) {
		List<FieldSchema> fields = new ArrayList<>();
		if (depth < MAX_DEPTH && !OPAQUE.contains(type.getFullName())) {
			for (FieldDescriptor field : type.getFields()) {
				fields.add(field(field, depth));
			}
		}
		return new MessageSchema(type.getFullName(), fields);
	}

	private static FieldSchema field(FieldDescriptor field, int depth) {
		List<String> enumValues = (field.getJavaType() == FieldDescriptor.JavaType.ENUM)
				? field.getEnumType().getValues().stream().map(EnumValueDescriptor::getName).toList() : List.of();
		MessageSchema message = (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isMapField())
				? schema(field.getMessageType(), depth + 1) : null;
		return new FieldSchema(field.getName(), field.getJsonName(), typeName(field), field.isRepeated(), enumValues,
				message);
	}

	private static String typeName(FieldDescriptor field) {
		return switch (field.getJavaType()) {
			case MESSAGE -> field.getMessageType().getFullName();
			case ENUM -> field.getEnumType().getFullName();
			default -> field.getType().name().toLowerCase(Locale.ROOT);
		};
	}

	/**
	 * A request with every field present: scalars at their defaults, nested messages
	 * expanded to {@link #MAX_DEPTH}, one element in repeated message fields. Scalars are
	 * only shown when printed with their defaults ({@link JsonCodec#printTemplate}).
	 */
	static Message example(Descriptor type) {
		return example(type, 0);
	}

	private static Message example(Descriptor type, int depth) {
		DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
		if (depth >= MAX_DEPTH || OPAQUE.contains(type.getFullName()) || type.getFullName().startsWith("google.protobuf.")) {
			return builder.build();
		}
		for (FieldDescriptor field : type.getFields()) {
			if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE || field.isMapField()) {
				continue;
			}
			if (field.getContainingOneof() != null && field.getContainingOneof().getFields().indexOf(field) > 0) {
				continue;
			}
			Message nested = example(field.getMessageType(), depth + 1);
			if (field.isRepeated()) {
				builder.addRepeatedField(field, nested);
			}
			else if (!field.getMessageType().getFullName().equals("google.protobuf.Any")) {
				builder.setField(field, nested);
			}
		}
		return builder.build();
	}

}
