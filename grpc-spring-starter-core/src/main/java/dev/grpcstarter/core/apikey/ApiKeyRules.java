package dev.grpcstarter.core.apikey;

import dev.grpcstarter.core.call.MethodPatternSyntax;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.grpcstarter.core.ratelimit.CallLimits;
import dev.grpcstarter.core.ratelimit.Quota;
import dev.grpcstarter.core.ratelimit.RateLimit;
import org.jspecify.annotations.Nullable;

/**
 * Validation of key settings; a setting that breaks a rule is reported by an
 * {@link InvalidApiKeySettingException} naming it.
 */
final class ApiKeyRules {

	private ApiKeyRules() {
	}

	static void check(NewApiKey request, Instant now) {
		checkText(ApiKeySetting.NAME, request.name(), 100);
		checkText(ApiKeySetting.OWNER, request.owner(), 150);
		checkCommon(request.description(), request.authorities(), request.scopes(), request.rateLimitPerMinute());
		checkLimits(request.rateLimitPerMinute(), request.rateLimits(), request.quota());
		if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
			throw new InvalidApiKeySettingException(ApiKeySetting.EXPIRES_AT, "must be in the future");
		}
	}

	static void check(ApiKeyChanges changes) {
		checkText(ApiKeySetting.NAME, changes.name(), 100);
		checkCommon(changes.description(), changes.authorities(), changes.scopes(), changes.rateLimitPerMinute());
		checkLimits(changes.rateLimitPerMinute(), changes.rateLimits(), changes.quota());
	}

	private static void checkLimits(@Nullable Integer perMinute, List<RateLimit> rateLimits, @Nullable Quota quota) {
		if (CallLimits.formatRates(rateLimits).length() > 500) {
			throw new InvalidApiKeySettingException(ApiKeySetting.RATE_LIMITS, "too many, at most 500 characters in all");
		}
		try {
			CallLimits.of(perMinute, rateLimits, quota);
		}
		catch (IllegalArgumentException ex) {
			boolean perMinuteTwice = perMinute != null
					&& rateLimits.stream().anyMatch((rate) -> rate.period().equals(Duration.ofMinutes(1)));
			throw new InvalidApiKeySettingException(ApiKeySetting.RATE_LIMITS, perMinuteTwice
					? "a per-minute limit is already set as the rate limit per minute; change that one instead"
					: ex.getMessage());
		}
	}

	private static void checkCommon(@Nullable String description, List<String> authorities, List<String> scopes,
			@Nullable Integer rateLimitPerMinute) {
		if (description != null && description.length() > 500) {
			throw new InvalidApiKeySettingException(ApiKeySetting.DESCRIPTION, "must be at most 500 characters");
		}
		checkList(ApiKeySetting.AUTHORITIES, authorities, 1000);
		checkList(ApiKeySetting.SCOPES, scopes, 2000);
		for (String scope : scopes) {
			if (!MethodPatternSyntax.isValid(scope)) {
				throw new InvalidApiKeySettingException(ApiKeySetting.SCOPES, "'" + scope
						+ "' is not a method pattern; use package.Service/Method, package.Service/* or *");
			}
		}
		if (rateLimitPerMinute != null && rateLimitPerMinute < 1) {
			throw new InvalidApiKeySettingException(ApiKeySetting.RATE_LIMIT_PER_MINUTE,
					"must be at least 1, or empty for no limit");
		}
	}

	private static void checkText(ApiKeySetting setting, @Nullable String value, int maxLength) {
		if (value == null || value.isBlank()) {
			throw new InvalidApiKeySettingException(setting, "must not be blank");
		}
		if (value.length() > maxLength) {
			throw new InvalidApiKeySettingException(setting, "must be at most " + maxLength + " characters");
		}
	}

	private static void checkList(ApiKeySetting setting, List<String> values, int maxLength) {
		for (String value : values) {
			if (value.isBlank() || value.contains(",") || !value.equals(value.trim())) {
				throw new InvalidApiKeySettingException(setting,
						"'" + value + "' must be non-blank, without commas or surrounding spaces");
			}
		}
		if (String.join(",", values).length() > maxLength) {
			throw new InvalidApiKeySettingException(setting,
					"too many or too long, at most " + maxLength + " characters in all");
		}
	}

}
