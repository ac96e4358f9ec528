package dev.grpcstarter.test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.grpcstarter.core.apikey.ApiKey;
import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.NewApiKey;
import dev.grpcstarter.core.ratelimit.Quota;
import dev.grpcstarter.core.ratelimit.RateLimit;
import org.jspecify.annotations.Nullable;

/**
 * An API key created for a test, with its raw value: pass it to
 * {@link GrpcTestClient#stub(java.util.function.Function, TestApiKey)}.
 *
 * @param rawKey the key a client presents
 * @param key the stored key
 */
public record TestApiKey(String rawKey, ApiKey key) {

	/** @return the key's id, as in {@code RequestLogEntry#apiKeyId()} */
	public long id() {
		return this.key.id();
	}

	/** @return the principal name the key acts for */
	public String owner() {
		return this.key.getOwner();
	}

	/** Keeps the raw key out of test reports. */
	@Override
	public String toString() {
		return "TestApiKey[" + this.key + "]";
	}

	/** The settings of a key to create; every setting is optional. */
	public static final class Builder {

		private final ApiKeyService keys;

		private String name;

		private String owner = "test-user";

		private List<String> authorities = List.of();

		private List<String> scopes = List.of();

		private @Nullable Integer rateLimitPerMinute;

		private List<RateLimit> rateLimits = List.of();

		private @Nullable Quota quota;

		private @Nullable Instant expiresAt;

		Builder(ApiKeyService keys, String name) {
			this.keys = keys;
			this.name = name;
		}

		/**
		 * @param name the key's name; by default {@code test-key-N}
		 * @return this builder
		 */
		public Builder name(String name) {
			this.name = name;
			return this;
		}

		/**
		 * @param owner the principal the key acts for; by default {@code test-user}
		 * @return this builder
		 */
		public Builder owner(String owner) {
			this.owner = owner;
			return this;
		}

		/**
		 * @param authorities authorities granted, for example {@code ROLE_STAFF}, when no
		 * {@code UserDetailsService} resolves the owner
		 * @return this builder
		 */
		public Builder authorities(String... authorities) {
			this.authorities = List.of(authorities);
			return this;
		}

		/**
		 * @param scopes the methods the key may call ({@code pkg.Service/Method},
		 * {@code pkg.Service/*}); by default every method
		 * @return this builder
		 */
		public Builder scopes(String... scopes) {
			this.scopes = List.of(scopes);
			return this;
		}

		/**
		 * @param calls calls allowed per minute
		 * @return this builder
		 */
		public Builder rateLimitPerMinute(int calls) {
			this.rateLimitPerMinute = calls;
			return this;
		}

		/**
		 * @param limits further rate limits such as {@code 20/1s} or {@code 10000/1d}
		 * @return this builder
		 */
		public Builder rateLimits(String... limits) {
			List<RateLimit> parsed = new ArrayList<>();
			Arrays.stream(limits).map(RateLimit::parse).forEach(parsed::add);
			this.rateLimits = List.copyOf(parsed);
			return this;
		}

		/**
		 * @param quota calls per period refilled at each period boundary, such as
		 * {@code 1000/1d}
		 * @return this builder
		 */
		public Builder quota(String quota) {
			this.quota = Quota.parse(quota);
			return this;
		}

		/**
		 * @param expiresAt when the key stops working; by default never
		 * @return this builder
		 */
		public Builder expiresAt(Instant expiresAt) {
			this.expiresAt = expiresAt;
			return this;
		}

		/**
		 * Stores the key.
		 * @return the key with its raw value
		 * @throws dev.grpcstarter.core.apikey.InvalidApiKeySettingException when a setting
		 * is invalid
		 */
		public TestApiKey create() {
			var created = this.keys.create(new NewApiKey(this.name, null, this.owner, this.authorities, this.scopes,
					this.expiresAt, this.rateLimitPerMinute, "grpc-spring-starter-test", this.rateLimits, this.quota));
			return new TestApiKey(created.rawKey(), created.key());
		}

	}

}
