package dev.grpcstarter.core.apikey;

import java.time.Instant;
import java.util.List;

import dev.grpcstarter.core.ratelimit.CallLimits;
import dev.grpcstarter.core.ratelimit.Quota;
import dev.grpcstarter.core.ratelimit.RateLimit;
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
 * @param rateLimitPerMinute calls allowed per minute; {@code null} for no per-minute limit
 * @param createdBy who created the key, for the record
 * @param rateLimits further rate limits, for example a burst of {@code 20/1s} and
 * {@code 10000/1d}; at most one per period, none per minute when
 * {@code rateLimitPerMinute} is set
 * @param quota calls per period refilled in full at each period boundary, {@code null} for
 * none
 */
public record NewApiKey(String name, @Nullable String description, String owner, List<String> authorities,
		List<String> scopes, @Nullable Instant expiresAt, @Nullable Integer rateLimitPerMinute,
		@Nullable String createdBy, List<RateLimit> rateLimits, @Nullable Quota quota) {

	/**
	 * A key with at most a per-minute limit.
	 * @param name the name
	 * @param description the description
	 * @param owner the owner
	 * @param authorities the authorities
	 * @param scopes the method patterns
	 * @param expiresAt the expiry, {@code null} never
	 * @param rateLimitPerMinute calls per minute, {@code null} for no limit
	 * @param createdBy who creates it
	 */
	public NewApiKey(String name, @Nullable String description, String owner, List<String> authorities,
			List<String> scopes, @Nullable Instant expiresAt, @Nullable Integer rateLimitPerMinute,
			@Nullable String createdBy) {
		this(name, description, owner, authorities, scopes, expiresAt, rateLimitPerMinute, createdBy, List.of(),
				null);
	}

	/**
	 * All limits of the key together.
	 * @return the limits
	 * @throws IllegalArgumentException when two rate limits share a period
	 */
	public CallLimits limits() {
		return CallLimits.of(this.rateLimitPerMinute, this.rateLimits, this.quota);
	}

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
