package dev.grpcstarter.core.apikey;

import java.util.Arrays;
import java.util.List;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Stores a list of authorities or method patterns in one column, comma-separated; neither
 * can contain a comma.
 */
@Converter
public final class CommaSeparatedListConverter implements AttributeConverter<List<String>, String> {

	@Override
	public String convertToDatabaseColumn(List<String> values) {
		return (values != null) ? String.join(",", values) : "";
	}

	@Override
	public List<String> convertToEntityAttribute(String column) {
		if (column == null || column.isBlank()) {
			return List.of();
		}
		return Arrays.stream(column.split(",")).map(String::trim).filter((value) -> !value.isEmpty()).toList();
	}

}
