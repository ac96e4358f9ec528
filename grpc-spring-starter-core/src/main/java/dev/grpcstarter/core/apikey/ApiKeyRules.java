package dev.grpcstarter.core.apikey;

import dev.grpcstarter.core.call.MethodPatternSyntax;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Validation of key settings, with messages that name the setting.
 */
final class ApiKeyRules {

	private ApiKeyRules() {
	}

	static void check(NewApiKey request, Instant now) {
		checkText("name", request.name(), 100);
		checkText("owner", request.owner(), 150);
		checkCommon(request.description(), request.authorities(), request.scopes(), request.rateLimitPerMinute());
		if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
			throw new IllegalArgumentException("expiresAt: must be in the future");
		}
	}

	static void check(ApiKeyChanges changes) {
		checkText("name", changes.name(), 100);
		checkCommon(changes.description(), changes.authorities(), changes.scopes(), changes.rateLimitPerMinute());
	}

	private static void checkCommon(@Nullable String description, List<String> authorities, List<String> scopes,
			@Nullable Integer rateLimitPerMinute) {
		if (description != null && description.length() > 500) {
			throw new IllegalArgumentException("description: must be at most 500 characters");
		}
		checkList("authorities", authorities, 1000);
		checkList("scopes", scopes, 2000);
		for (String scope : scopes) {
			if (!MethodPatternSyntax.isValid(scope)) {
				throw new IllegalArgumentException("scopes: '" + scope
						+ "' is not a method pattern; use package.Service/Method, package.Service/* or *");
			}
		}
		if (rateLimitPerMinute != null && rateLimitPerMinute < 1) {
			throw new IllegalArgumentException("rateLimitPerMinute: must be at least 1, or empty for no limit");
		}
	}

	private static void checkText(String field, @Nullable String value, int maxLength) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(field + ": must not be blank");
		}
		if (value.length() > maxLength) {
			throw new IllegalArgumentException(field + ": must be at most " + maxLength + " characters");
		}
	}

	private static void checkList(String field, List<String> values, int maxLength) {
		for (String value : values) {
			if (value.isBlank() || value.contains(",") || !value.equals(value.trim())) {
				throw new IllegalArgumentException(
						field + ": '" + value + "' must be non-blank, without commas or surrounding spaces");
			}
		}
		if (String.join(",", values).length() > maxLength) {
			throw new IllegalArgumentException(field + ": too many or too long, at most " + maxLength + " characters in all");
		}
	}

}
