package dev.grpcstarter.core.apikey;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What to create a key with.
 *
 * @param name a name people recognise, for example the client application
 * @param description optional free text
 * @param owner the principal name the key acts for
 * @param authorities authorities granted when no {@code UserDetailsService} resolves the
 * owner
 * @param scopes method patterns the key may call ({@code pkg.Service/Method},
 * {@code pkg.Service/*}); empty allows every method
 * @param expiresAt when the key stops working; {@code null} never
 * @param rateLimitPerMinute calls allowed per minute; {@code null} unlimited
 * @param createdBy who created the key, for the record
 */
public record NewApiKey(String name, @Nullable String description, String owner, List<String> authorities,
		List<String> scopes, @Nullable Instant expiresAt, @Nullable Integer rateLimitPerMinute,
		@Nullable String createdBy) {

	/**
	 * A key with only a name and an owner: no extra authorities, every method, no expiry,
	 * no rate limit.
	 * @param name the name
	 * @param owner the owner
	 * @return the request
	 */
	public static NewApiKey of(String name, String owner) {
		return new NewApiKey(name, null, owner, List.of(), List.of(), null, null, null);
	}

}
