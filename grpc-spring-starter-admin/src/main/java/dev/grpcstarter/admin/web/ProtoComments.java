package dev.grpcstarter.admin.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.DescriptorProtos.SourceCodeInfo.Location;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * The comments of .proto files, by element name: services ({@code pkg.Service}), methods
 * ({@code pkg.Service.Method}), messages, fields ({@code pkg.Message.field}), enums and
 * enum values ({@code pkg.VALUE}, scoped like protobuf does). Read from descriptor sets the
 * build wrote with source info; the descriptors compiled into generated code and those
 * sent by server reflection carry no comments.
 */
public final class ProtoComments {

	private static final ProtoComments NONE = new ProtoComments(Map.of(), 0);

	// Field numbers in descriptor.proto that SourceCodeInfo paths are made of.
	private static final int FILE_MESSAGE = 4;

	private static final int FILE_ENUM = 5;

	private static final int FILE_SERVICE = 6;

	private static final int MESSAGE_FIELD = 2;

	private static final int MESSAGE_NESTED = 3;

	private static final int MESSAGE_ENUM = 4;

	private static final int ENUM_VALUE = 2;

	private static final int SERVICE_METHOD = 2;

	private final Map<String, String> comments;

	private final int files;

	private ProtoComments(Map<String, String> comments, int files) {
		this.comments = Map.copyOf(comments);
		this.files = files;
	}

	/**
	 * No comments: what the explorer shows without a descriptor set.
	 * @return comments that know of nothing
	 */
	public static ProtoComments none() {
		return NONE;
	}

	/**
	 * The comments of every descriptor set matching a location pattern.
	 * @param resolver resolves the pattern
	 * @param locations the patterns, {@code classpath*:META-INF/grpc/descriptor-set.binpb}
	 * for example; locations that match nothing are skipped
	 * @return the comments of all the sets found
	 */
	public static ProtoComments load(ResourcePatternResolver resolver, List<String> locations) {
		Map<String, String> comments = new HashMap<>();
		int files = 0;
		for (String location : locations) {
			try {
				for (Resource resource : resolver.getResources(location)) {
					if (!resource.exists()) {
						continue;
					}
					try (InputStream input = resource.getInputStream()) {
						for (FileDescriptorProto file : FileDescriptorSet.parseFrom(input).getFileList()) {
							files++;
							read(file, comments);
						}
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot read the descriptor set at " + location, ex);
			}
		}
		return new ProtoComments(comments, files);
	}

	/**
	 * The comments of a set's files.
	 * @param set a descriptor set written with source info
	 * @return its comments
	 */
	static ProtoComments of(FileDescriptorSet set) {
		Map<String, String> comments = new HashMap<>();
		set.getFileList().forEach((file) -> read(file, comments));
		return new ProtoComments(comments, set.getFileCount());
	}

	/**
	 * The comment of an element.
	 * @param fullName its full name
	 * @return the comment, without the comment markers; {@code null} when it has none
	 */
	public @Nullable String of(String fullName) {
		return this.comments.get(fullName);
	}

	/** @return how many .proto files the descriptor sets held */
	public int files() {
		return this.files;
	}

	private static void read(FileDescriptorProto file, Map<String, String> comments) {
		Map<List<Integer>, String> byPath = new HashMap<>();
		for (Location location : file.getSourceCodeInfo().getLocationList()) {
			String text = text(location);
			if (text != null) {
				byPath.put(List.copyOf(location.getPathList()), text);
			}
		}
		if (byPath.isEmpty()) {
			return;
		}
		String prefix = file.getPackage().isEmpty() ? "" : file.getPackage() + ".";
		for (int i = 0; i < file.getMessageTypeCount(); i++) {
			message(file.getMessageType(i), prefix, List.of(FILE_MESSAGE, i), byPath, comments);
		}
		for (int i = 0; i < file.getEnumTypeCount(); i++) {
			enumeration(file.getEnumType(i), prefix, List.of(FILE_ENUM, i), byPath, comments);
		}
		for (int i = 0; i < file.getServiceCount(); i++) {
			ServiceDescriptorProto service = file.getService(i);
			String name = prefix + service.getName();
			List<Integer> path = List.of(FILE_SERVICE, i);
			put(comments, name, byPath.get(path));
			for (int m = 0; m < service.getMethodCount(); m++) {
				put(comments, name + "." + service.getMethod(m).getName(), byPath.get(append(path, SERVICE_METHOD, m)));
			}
		}
	}

	private static void message(DescriptorProto message, String scope, List<Integer> path,
			Map<List<Integer>, String> byPath, Map<String, String> comments) {
		String name = scope + message.getName();
		put(comments, name, byPath.get(path));
		for (int f = 0; f < message.getFieldCount(); f++) {
			put(comments, name + "." + message.getField(f).getName(), byPath.get(append(path, MESSAGE_FIELD, f)));
		}
		for (int n = 0; n < message.getNestedTypeCount(); n++) {
			message(message.getNestedType(n), name + ".", append(path, MESSAGE_NESTED, n), byPath, comments);
		}
		for (int e = 0; e < message.getEnumTypeCount(); e++) {
			enumeration(message.getEnumType(e), name + ".", append(path, MESSAGE_ENUM, e), byPath, comments);
		}
	}

	private static void enumeration(EnumDescriptorProto enumeration, String scope, List<Integer> path,
			Map<List<Integer>, String> byPath, Map<String, String> comments) {
		put(comments, scope + enumeration.getName(), byPath.get(path));
		for (int v = 0; v < enumeration.getValueCount(); v++) {
			// Enum values are siblings of their enum, as in C++.
			put(comments, scope + enumeration.getValue(v).getName(), byPath.get(append(path, ENUM_VALUE, v)));
		}
	}

	private static List<Integer> append(List<Integer> path, int field, int index) {
		Integer[] longer = path.toArray(new Integer[path.size() + 2]);
		longer[path.size()] = field;
		longer[path.size() + 1] = index;
		return List.of(longer);
	}

	private static void put(Map<String, String> comments, String name, @Nullable String comment) {
		if (comment != null) {
			comments.put(name, comment);
		}
	}

	private static @Nullable String text(Location location) {
		String raw = location.hasLeadingComments() ? location.getLeadingComments()
				: location.hasTrailingComments() ? location.getTrailingComments() : "";
		String text = raw.lines().map(String::strip).collect(Collectors.joining("\n")).strip();
		return text.isEmpty() ? null : text;
	}

}
