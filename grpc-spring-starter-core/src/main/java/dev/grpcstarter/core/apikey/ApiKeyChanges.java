package dev.grpcstarter.core.apikey;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The editable settings of a key; the secret, owner and history never change.
 *
 * @param name the name
 * @param description the description
 * @param authorities the authorities
 * @param scopes the method patterns
 * @param expiresAt the expiry, {@code null} never
 * @param rateLimitPerMinute the rate limit, {@code null} unlimited
 */
public record ApiKeyChanges(String name, @Nullable String description, List<String> authorities,
		List<String> scopes, @Nullable Instant expiresAt, @Nullable Integer rateLimitPerMinute) {

}
