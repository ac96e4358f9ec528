package dev.grpcstarter.admin.web;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

import dev.grpcstarter.core.apikey.ApiKey;
import dev.grpcstarter.core.ratelimit.CallLimits;
import dev.grpcstarter.core.ratelimit.Quota;
import dev.grpcstarter.core.ratelimit.RateLimit;
import org.jspecify.annotations.Nullable;
import org.springframework.validation.Errors;

/**
 * The create and edit form of a key, as typed: lists as comma- or line-separated text,
 * the expiry as a UTC date-time, the limits as text ({@code 20/1s, 10000/1d} and a quota
 * like {@code 100000/30d}). Turning it into values reports each problem on its field.
 */
public class KeyForm {

	private String name = "";

	private String description = "";

	private String owner = "";

	private String authorities = "";

	private String scopes = "";

	private String expiresAt = "";

	private String rateLimitPerMinute = "";

	private String rateLimits = "";

	private String quota = "";

	static KeyForm of(ApiKey key) {
		KeyForm form = new KeyForm();
		form.name = key.getName();
		form.description = (key.getDescription() != null) ? key.getDescription() : "";
		form.owner = key.getOwner();
		form.authorities = String.join(", ", key.getAuthorities());
		form.scopes = String.join("\n", key.getScopes());
		form.expiresAt = (key.getExpiresAt() != null)
				? LocalDateTime.ofInstant(key.getExpiresAt(), ZoneOffset.UTC).withSecond(0).withNano(0).toString() : "";
		form.rateLimitPerMinute = (key.getRateLimitPerMinute() != null) ? key.getRateLimitPerMinute().toString() : "";
		form.rateLimits = CallLimits.formatRates(key.getRateLimits());
		form.quota = (key.getQuota() != null) ? key.getQuota().toString() : "";
		return form;
	}

	List<String> authorityList() {
		return split(this.authorities);
	}

	List<String> scopeList() {
		return split(this.scopes);
	}

	@Nullable String descriptionOrNull() {
		return this.description.isBlank() ? null : this.description.trim();
	}

	@Nullable Instant expiresAtValue(Errors errors) {
		if (this.expiresAt.isBlank()) {
			return null;
		}
		try {
			return LocalDateTime.parse(this.expiresAt.trim()).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			errors.rejectValue("expiresAt", "format", "expiry: use a date and time like 2027-01-31T12:00 (UTC)");
			return null;
		}
	}

	@Nullable Integer rateLimitValue(Errors errors) {
		if (this.rateLimitPerMinute.isBlank()) {
			return null;
		}
		try {
			return Integer.valueOf(this.rateLimitPerMinute.trim());
		}
		catch (NumberFormatException ex) {
			errors.rejectValue("rateLimitPerMinute", "format", "rate limit: a whole number of calls per minute");
			return null;
		}
	}

	List<RateLimit> rateLimitsValue(Errors errors) {
		try {
			return CallLimits.parseRates(this.rateLimits);
		}
		catch (IllegalArgumentException ex) {
			errors.rejectValue("rateLimits", "format", "further rate limits: " + ex.getMessage());
			return List.of();
		}
	}

	@Nullable Quota quotaValue(Errors errors) {
		if (this.quota.isBlank()) {
			return null;
		}
		try {
			return Quota.parse(this.quota);
		}
		catch (IllegalArgumentException ex) {
			errors.rejectValue("quota", "format", "quota: " + ex.getMessage());
			return null;
		}
	}

	private static List<String> split(String text) {
		return Arrays.stream(text.split("[,\\n]")).map(String::trim).filter((value) -> !value.isEmpty()).toList();
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public String getDescription() {
		return this.description;
	}

	public void setDescription(String description) {
		this.description = description;
	}

	public String getOwner() {
		return this.owner;
	}

	public void setOwner(String owner) {
		this.owner = owner;
	}

	public String getAuthorities() {
		return this.authorities;
	}

	public void setAuthorities(String authorities) {
		this.authorities = authorities;
	}

	public String getScopes() {
		return this.scopes;
	}

	public void setScopes(String scopes) {
		this.scopes = scopes;
	}

	public String getExpiresAt() {
		return this.expiresAt;
	}

	public void setExpiresAt(String expiresAt) {
		this.expiresAt = expiresAt;
	}

	public String getRateLimitPerMinute() {
		return this.rateLimitPerMinute;
	}

	public void setRateLimitPerMinute(String rateLimitPerMinute) {
		this.rateLimitPerMinute = rateLimitPerMinute;
	}

	public String getRateLimits() {
		return this.rateLimits;
	}

	public void setRateLimits(String rateLimits) {
		this.rateLimits = rateLimits;
	}

	public String getQuota() {
		return this.quota;
	}

	public void setQuota(String quota) {
		this.quota = quota;
	}

}
