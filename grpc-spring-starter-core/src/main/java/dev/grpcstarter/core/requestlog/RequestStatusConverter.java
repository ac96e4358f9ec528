package dev.grpcstarter.core.requestlog;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.jspecify.annotations.Nullable;

/**
 * Maps {@link RequestStatus} to the lower-case values the writer stores
 * ({@link RequestStatus#columnValue()}), so queries and specifications on
 * {@link RequestLogRow#getStatus()} compare the stored text.
 */
@Converter
public final class RequestStatusConverter implements AttributeConverter<RequestStatus, String> {

	@Override
	public @Nullable String convertToDatabaseColumn(@Nullable RequestStatus status) {
		return (status != null) ? status.columnValue() : null;
	}

	@Override
	public @Nullable RequestStatus convertToEntityAttribute(@Nullable String value) {
		return (value != null) ? RequestStatus.fromColumn(value) : null;
	}

}
