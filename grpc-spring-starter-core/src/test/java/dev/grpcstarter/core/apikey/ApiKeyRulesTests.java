package dev.grpcstarter.core.apikey;

import java.time.Instant;
import java.util.List;

import dev.grpcstarter.core.ratelimit.Quota;
import dev.grpcstarter.core.ratelimit.RateLimit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Each rule reports the setting it is about, so that a form never reads it out of a message.
 */
class ApiKeyRulesTests {

	private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

	@Test
	void whenASettingBreaksARuleThenTheExceptionNamesIt() {
		assertRejected(new NewApiKey(" ", null, "o", List.of(), List.of(), null, null, null), ApiKeySetting.NAME,
				"name: must not be blank");
		assertRejected(new NewApiKey("n", null, "", List.of(), List.of(), null, null, null), ApiKeySetting.OWNER,
				"owner: must not be blank");
		assertRejected(new NewApiKey("n", "d".repeat(501), "o", List.of(), List.of(), null, null, null),
				ApiKeySetting.DESCRIPTION, "description: must be at most 500 characters");
		assertRejected(new NewApiKey("n", null, "o", List.of("a,b"), List.of(), null, null, null),
				ApiKeySetting.AUTHORITIES, "authorities: 'a,b' must be non-blank, without commas or surrounding spaces");
		assertRejected(new NewApiKey("n", null, "o", List.of(), List.of("not a pattern"), null, null, null),
				ApiKeySetting.SCOPES, "scopes: 'not a pattern' is not a method pattern; use package.Service/Method,"
						+ " package.Service/* or *");
		assertRejected(new NewApiKey("n", null, "o", List.of(), List.of(), NOW, null, null), ApiKeySetting.EXPIRES_AT,
				"expiresAt: must be in the future");
		assertRejected(new NewApiKey("n", null, "o", List.of(), List.of(), null, 0, null),
				ApiKeySetting.RATE_LIMIT_PER_MINUTE, "rateLimitPerMinute: must be at least 1, or empty for no limit");
	}

	@Test
	void whenLimitsClashThenTheFurtherRateLimitsAreNamed() {
		assertRejected(new NewApiKey("n", null, "o", List.of(), List.of(), null, 300, null,
				List.of(RateLimit.parse("500/1m")), null), ApiKeySetting.RATE_LIMITS,
				"rateLimits: a per-minute limit is already set as the rate limit per minute; change that one instead");
		assertRejected(new NewApiKey("n", null, "o", List.of(), List.of(), null, null, null,
				List.of(RateLimit.parse("20/1s"), RateLimit.parse("30/1s")), null), ApiKeySetting.RATE_LIMITS,
				"rateLimits: two rate limits per 1s; keep one (the lower one applies anyway)");
		ApiKeyRules.check(new NewApiKey("n", null, "o", List.of(), List.of(), null, 300, null,
				List.of(RateLimit.parse("20/1s"), RateLimit.parse("10000/1d")), Quota.parse("100000/30d")), NOW);
	}

	@Test
	void whenChangesBreakARuleThenTheExceptionNamesTheSetting() {
		assertThatExceptionOfType(InvalidApiKeySettingException.class)
			.isThrownBy(() -> ApiKeyRules.check(new ApiKeyChanges("n".repeat(101), null, List.of(), List.of(), null, null)))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo(ApiKeySetting.NAME))
			.withMessage("name: must be at most 100 characters");
	}

	private static void assertRejected(NewApiKey request, ApiKeySetting setting, String message) {
		assertThatExceptionOfType(InvalidApiKeySettingException.class).isThrownBy(() -> ApiKeyRules.check(request, NOW))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo(setting))
			.withMessage(message);
	}

}
