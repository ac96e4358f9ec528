package dev.grpcstarter.admin.web;

import java.util.ArrayList;
import java.util.List;

import dev.grpcstarter.client.ServiceDescription.FieldSchema;
import dev.grpcstarter.client.ServiceDescription.MessageSchema;
import org.jspecify.annotations.Nullable;

/**
 * The fields of a request message as the explorer lists them beside its JSON editor: one
 * row per field, nested message fields below their parent with a dotted JSON path
 * ({@code labels[].colour} inside a repeated message), each with its type and, for an
 * enum, the values it can take.
 */
final class RequestFields {

	private RequestFields() {
	}

	/**
	 * The rows of a message, depth first.
	 * @param message the request message's schema
	 * @param comments comments by element name, empty when the build wrote no descriptor
	 * set with source info
	 * @return the rows
	 */
	static List<Row> of(MessageSchema message, ProtoComments comments) {
		List<Row> rows = new ArrayList<>();
		add(rows, message, "", 0, comments);
		return rows;
	}

	private static void add(List<Row> rows, MessageSchema message, String prefix, int depth, ProtoComments comments) {
		for (FieldSchema field : message.fields()) {
			String path = prefix + field.jsonName();
			String comment = comments.of(message.type() + "." + field.name());
			if (comment == null && (field.message() != null || !field.enumValues().isEmpty())) {
				// A field without a comment of its own is described by its type's.
				comment = comments.of(field.type());
			}
			rows.add(new Row(path, field.name(), type(field), field.repeated(), field.enumValues(),
					enumComments(field, comments), depth, comment));
			if (field.message() != null) {
				add(rows, field.message(), path + (field.repeated() ? "[]." : "."), depth + 1, comments);
			}
		}
	}

	private static List<@Nullable String> enumComments(FieldSchema field, ProtoComments comments) {
		if (field.enumValues().isEmpty()) {
			return List.of();
		}
		// Enum values are scoped like siblings of their enum, in its parent's namespace.
		String type = field.type();
		String scope = type.contains(".") ? type.substring(0, type.lastIndexOf('.') + 1) : "";
		List<@Nullable String> result = new ArrayList<>();
		for (String value : field.enumValues()) {
			result.add(comments.of(scope + value));
		}
		return result;
	}

	private static String type(FieldSchema field) {
		String kind = !field.enumValues().isEmpty() ? "enum " : (field.message() != null) ? "message " : "";
		return (field.repeated() ? "repeated " : "") + kind + field.type();
	}

	/**
	 * One field.
	 *
	 * @param path its JSON path from the request, {@code main.colour} or
	 * {@code labels[].name}
	 * @param name its name in the .proto file
	 * @param type its type as shown: {@code string}, {@code repeated int64},
	 * {@code enum pkg.Colour}, {@code repeated message pkg.Label}
	 * @param repeated whether it is repeated
	 * @param enumValues the values of an enum field, else empty
	 * @param enumComments the comment of each enum value, {@code null} where it has none
	 * @param depth how deep it is nested, 0 for the request's own fields
	 * @param comment its comment from the .proto file, {@code null} when none is known
	 */
	record Row(String path, String name, String type, boolean repeated, List<String> enumValues,
			List<@Nullable String> enumComments, int depth, @Nullable String comment) {

		/** @return the value of the enum at an index with its comment, for a tooltip */
		public @Nullable String enumComment(int index) {
			return (index < this.enumComments.size()) ? this.enumComments.get(index) : null;
		}

	}

}
