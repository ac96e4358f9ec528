package dev.grpcstarter.core.web;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.ErrorDetailsProto;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;

/**
 * Messages to and from JSON by the proto3 JSON mapping, with the application's choices
 * (field names as in the .proto or lowerCamelCase, fields at their default value or not),
 * and a type registry of every served file and the {@code google.rpc} error details, so
 * {@code Any} fields and status details print.
 */
final class JsonMessages {

	private final JsonFormat.Printer printer;

	private final JsonFormat.Parser parser;

	private final JsonFormat.Printer statusPrinter;

	/**
	 * Options and types.
	 * @param files the served files
	 * @param preserveProtoFieldNames field names as in the .proto instead of lowerCamelCase
	 * @param includeDefaultValues print fields that hold their default value
	 * @param ignoreUnknownFields accept JSON fields the message does not have
	 */
	JsonMessages(List<FileDescriptor> files, boolean preserveProtoFieldNames, boolean includeDefaultValues,
			boolean ignoreUnknownFields) {
		JsonFormat.TypeRegistry.Builder types = JsonFormat.TypeRegistry.newBuilder();
		Set<String> seen = new HashSet<>();
		for (FileDescriptor file : files) {
			add(file, types, seen);
		}
		add(ErrorDetailsProto.getDescriptor(), types, seen);
		JsonFormat.TypeRegistry registry = types.build();
		JsonFormat.Printer printer = JsonFormat.printer().usingTypeRegistry(registry).omittingInsignificantWhitespace();
		if (preserveProtoFieldNames) {
			printer = printer.preservingProtoFieldNames();
		}
		if (includeDefaultValues) {
			printer = printer.alwaysPrintFieldsWithNoPresence();
		}
		this.printer = printer;
		JsonFormat.Parser parser = JsonFormat.parser().usingTypeRegistry(registry);
		this.parser = ignoreUnknownFields ? parser.ignoringUnknownFields() : parser;
		this.statusPrinter = JsonFormat.printer().usingTypeRegistry(registry).omittingInsignificantWhitespace();
	}

	private static void add(FileDescriptor file, JsonFormat.TypeRegistry.Builder types, Set<String> seen) {
		if (!seen.add(file.getFullName())) {
			return;
		}
		for (Descriptor type : file.getMessageTypes()) {
			types.add(type);
		}
		for (FileDescriptor dependency : file.getDependencies()) {
			add(dependency, types, seen);
		}
	}

	String print(Message message) throws InvalidProtocolBufferException {
		return this.printer.print(message);
	}

	void merge(String json, Message.Builder builder) throws InvalidProtocolBufferException {
		this.parser.merge(json, builder);
	}

	/**
	 * A call's status as the {@code google.rpc.Status} JSON body, details included.
	 * @param status the status
	 * @param trailers the trailers, which may carry {@code grpc-status-details-bin}
	 * @return the JSON
	 */
	String status(Status status, Metadata trailers) {
		com.google.rpc.Status body = StatusProto.fromStatusAndTrailers(status, trailers);
		try {
			return this.statusPrinter.print(body);
		}
		catch (InvalidProtocolBufferException ex) {
			// A detail of a type no one registered: the code and message still go out.
			try {
				return this.statusPrinter.print(body.toBuilder().clearDetails().build());
			}
			catch (InvalidProtocolBufferException impossible) {
				throw new IllegalStateException(impossible);
			}
		}
	}

}
