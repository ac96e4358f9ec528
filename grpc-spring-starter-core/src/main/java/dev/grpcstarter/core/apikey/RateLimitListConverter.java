package dev.grpcstarter.core.apikey;

import java.util.List;

import dev.grpcstarter.core.ratelimit.CallLimits;
import dev.grpcstarter.core.ratelimit.RateLimit;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Stores rate limits in one column in their text form, {@code 20/1s, 10000/1d}; no limit
 * is {@code null}.
 */
@Converter
public final class RateLimitListConverter implements AttributeConverter<List<RateLimit>, String> {

	@Override
	public String convertToDatabaseColumn(List<RateLimit> rates) {
		return (rates == null || rates.isEmpty()) ? null : CallLimits.formatRates(rates);
	}

	@Override
	public List<RateLimit> convertToEntityAttribute(String column) {
		return CallLimits.parseRates(column);
	}

}
