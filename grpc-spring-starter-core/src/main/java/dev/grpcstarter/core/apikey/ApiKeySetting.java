package dev.grpcstarter.core.apikey;

/**
 * A setting of a key, as named by {@link NewApiKey} and {@link ApiKeyChanges}.
 */
public enum ApiKeySetting {

	/** {@link NewApiKey#name()}. */
	NAME("name"),

	/** {@link NewApiKey#description()}. */
	DESCRIPTION("description"),

	/** {@link NewApiKey#owner()}. */
	OWNER("owner"),

	/** {@link NewApiKey#authorities()}. */
	AUTHORITIES("authorities"),

	/** {@link NewApiKey#scopes()}. */
	SCOPES("scopes"),

	/** {@link NewApiKey#expiresAt()}. */
	EXPIRES_AT("expiresAt"),

	/** {@link NewApiKey#rateLimitPerMinute()}. */
	RATE_LIMIT_PER_MINUTE("rateLimitPerMinute"),

	/** {@link NewApiKey#rateLimits()}. */
	RATE_LIMITS("rateLimits"),

	/** {@link NewApiKey#quota()}. */
	QUOTA("quota");

	private final String propertyName;

	ApiKeySetting(String propertyName) {
		this.propertyName = propertyName;
	}

	/**
	 * The name of the setting's record component, which forms editing a key use for the
	 * same field.
	 * @return the name, for example {@code rateLimitPerMinute}
	 */
	public String propertyName() {
		return this.propertyName;
	}

}
