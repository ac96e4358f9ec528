package dev.grpcstarter.client;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON in and out for the messages of one proto file. Messages are read and written by
 * protobuf's {@link JsonFormat}, with a type registry of every message in the file and its
 * imports so that {@code google.protobuf.Any} works; any other JSON (the stand-in for a
 * response that cannot be printed) is written by Jackson, never put together by hand.
 */
final class JsonCodec {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JsonFormat.Parser parser;

	private final JsonFormat.Printer printer;

	private final JsonFormat.Printer templatePrinter;

	private JsonCodec(TypeRegistry registry) {
		this.parser = JsonFormat.parser().usingTypeRegistry(registry);
		this.printer = JsonFormat.printer().usingTypeRegistry(registry);
		this.templatePrinter = this.printer.alwaysPrintFieldsWithNoPresence();
	}

	/**
	 * A codec knowing the messages of a file and of everything it imports.
	 * @param file the file
	 * @return the codec
	 */
	static JsonCodec forFile(FileDescriptor file) {
		TypeRegistry.Builder registry = TypeRegistry.newBuilder();
		addMessages(file, registry, new HashSet<>());
		return new JsonCodec(registry.build());
	}

	private static void addMessages(FileDescriptor file, TypeRegistry.Builder registry, Set<String> seen) {
		if (!seen.add(file.getName())) {
			return;
		}
		registry.add(file.getMessageTypes());
		for (FileDescriptor dependency : file.getDependencies()) {
			addMessages(dependency, registry, seen);
		}
	}

	/**
	 * Reads requests.
	 * @param type the request type
	 * @param json the requests as JSON, in order
	 * @return the messages
	 * @throws DynamicInvocationException naming the request that does not fit, and why
	 */
	List<DynamicMessage> parse(Descriptor type, List<String> json) {
		List<DynamicMessage> messages = new ArrayList<>(json.size());
		for (int i = 0; i < json.size(); i++) {
			String which = (json.size() > 1) ? "request " + (i + 1) : "the request";
			messages.add(parse(type, json.get(i), which));
		}
		return messages;
	}

	private DynamicMessage parse(Descriptor type, String json, String which) {
		DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
		try {
			this.parser.merge(json, builder);
			return builder.build();
		}
		catch (InvalidProtocolBufferException | RuntimeException ex) {
			throw new DynamicInvocationException(
					which + " does not fit " + type.getFullName() + ": " + JsonProblems.explain(ex, type), ex);
		}
	}

	/**
	 * Writes a response. A response that cannot be written (an {@code Any} of a type the
	 * file does not know, for example) becomes an object with an {@code error} member
	 * saying why, so that a stream's other responses are still shown.
	 * @param message the response
	 * @return the JSON
	 */
	String print(Message message) {
		try {
			return this.printer.print(message);
		}
		catch (InvalidProtocolBufferException ex) {
			return JSON.writeValueAsString(
					JSON.createObjectNode().put("error", "cannot render response as JSON: " + ex.getMessage()));
		}
	}

	/**
	 * Writes a request template: every field, also those at their default value.
	 * @param example the example message
	 * @return the JSON
	 */
	String printTemplate(Message example) {
		try {
			return this.templatePrinter.print(example);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new DynamicInvocationException(
					"cannot render a template of " + example.getDescriptorForType().getFullName(), ex);
		}
	}

}
