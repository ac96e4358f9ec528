package dev.grpcstarter.core.apikey;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.grpcstarter.core.ratelimit.CallLimits;
import dev.grpcstarter.core.ratelimit.Quota;
import dev.grpcstarter.core.ratelimit.RateLimit;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * An API key as stored: never the key itself, only its SHA-256 hash and a display prefix.
 * Usage columns ({@code last_used_at}, {@code request_count}) are written in batches by
 * {@link ApiKeyUsageRecorder}, not through this entity.
 */
@Entity
@Table(name = "grpc_api_key")
public class ApiKey {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private @Nullable Long id;

	@Column(name = "name", nullable = false, length = 100)
	private String name;

	@Column(name = "description", length = 500)
	private @Nullable String description;

	@Column(name = "owner", nullable = false, length = 150)
	private String owner;

	@Column(name = "key_prefix", nullable = false, length = 16)
	private String keyPrefix;

	@Column(name = "key_hash", nullable = false, length = 64, unique = true)
	private String keyHash;

	@Convert(converter = CommaSeparatedListConverter.class)
	@Column(name = "authorities", nullable = false, length = 1000)
	private List<String> authorities;

	@Convert(converter = CommaSeparatedListConverter.class)
	@Column(name = "scopes", nullable = false, length = 2000)
	private List<String> scopes;

	@Column(name = "rate_limit_per_minute")
	private @Nullable Integer rateLimitPerMinute;

	@Convert(converter = RateLimitListConverter.class)
	@Column(name = "rate_limits", length = 500)
	private List<RateLimit> rateLimits = List.of();

	@Column(name = "quota_calls")
	private @Nullable Long quotaCalls;

	@Column(name = "quota_period_seconds")
	private @Nullable Long quotaPeriodSeconds;

	@Column(name = "limits_version", nullable = false)
	private long limitsVersion;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "created_by", length = 150)
	private @Nullable String createdBy;

	@Column(name = "expires_at")
	private @Nullable Instant expiresAt;

	@Column(name = "revoked_at")
	private @Nullable Instant revokedAt;

	@Column(name = "last_used_at", insertable = false, updatable = false)
	private @Nullable Instant lastUsedAt;

	@Column(name = "request_count", nullable = false, updatable = false)
	private long requestCount;

	@Column(name = "replaced_by")
	private @Nullable Long replacedBy;

	@SuppressWarnings("NullAway.Init")
	protected ApiKey() {
		// for JPA
	}

	ApiKey(NewApiKey request, String rawKey, Instant now) {
		this.name = request.name();
		this.description = request.description();
		this.owner = request.owner();
		this.keyPrefix = ApiKeyFormat.displayPrefix(rawKey);
		this.keyHash = ApiKeyFormat.hash(rawKey);
		this.authorities = List.copyOf(request.authorities());
		this.scopes = List.copyOf(request.scopes());
		this.rateLimitPerMinute = request.rateLimitPerMinute();
		this.rateLimits = List.copyOf(request.rateLimits());
		setQuota(request.quota());
		this.createdAt = now;
		this.createdBy = request.createdBy();
		this.expiresAt = request.expiresAt();
	}

	/**
	 * The state of the key at the given time.
	 * @param now the time
	 * @return the state
	 */
	public ApiKeyState stateAt(Instant now) {
		return ApiKeyState.at(this.revokedAt, this.expiresAt, now);
	}

	void revoke(Instant now) {
		if (this.revokedAt == null) {
			this.revokedAt = now;
		}
	}

	void replaceBy(long newKeyId, Instant expiresAt) {
		this.replacedBy = newKeyId;
		if (this.expiresAt == null || this.expiresAt.isAfter(expiresAt)) {
			this.expiresAt = expiresAt;
		}
	}

	void update(ApiKeyChanges changes) {
		this.name = changes.name();
		this.description = changes.description();
		this.authorities = List.copyOf(changes.authorities());
		this.scopes = List.copyOf(changes.scopes());
		if (!getLimits().equals(changes.limits())) {
			// Buckets built from the older limits take these at their next call, on every instance.
			this.limitsVersion++;
		}
		this.rateLimitPerMinute = changes.rateLimitPerMinute();
		this.rateLimits = List.copyOf(changes.rateLimits());
		setQuota(changes.quota());
		this.expiresAt = changes.expiresAt();
	}

	private void setQuota(@Nullable Quota quota) {
		this.quotaCalls = (quota != null) ? quota.calls() : null;
		this.quotaPeriodSeconds = (quota != null) ? quota.period().getSeconds() : null;
	}

	/** @return the id, {@code null} before the key is saved */
	public @Nullable Long getId() {
		return this.id;
	}

	/** @return the id of a saved key */
	public long id() {
		Long value = this.id;
		if (value == null) {
			throw new IllegalStateException("API key is not saved yet");
		}
		return value;
	}

	public String getName() {
		return this.name;
	}

	public @Nullable String getDescription() {
		return this.description;
	}

	/** @return the principal name the key acts for */
	public String getOwner() {
		return this.owner;
	}

	/** @return {@code gsk_} and the first characters of the key, for display */
	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	String getKeyHash() {
		return this.keyHash;
	}

	/** @return the authorities granted when no {@code UserDetailsService} resolves the owner */
	public List<String> getAuthorities() {
		return this.authorities;
	}

	/** @return the method patterns the key may call; empty allows every method */
	public List<String> getScopes() {
		return this.scopes;
	}

	/** @return calls allowed per minute, {@code null} for no limit */
	public @Nullable Integer getRateLimitPerMinute() {
		return this.rateLimitPerMinute;
	}

	/** @return rate limits besides the per-minute one, for example {@code 20/1s} and {@code 10000/1d} */
	public List<RateLimit> getRateLimits() {
		return (this.rateLimits != null) ? this.rateLimits : List.of();
	}

	/** @return the quota, {@code null} for none */
	public @Nullable Quota getQuota() {
		return (this.quotaCalls != null && this.quotaPeriodSeconds != null)
				? new Quota(this.quotaCalls, Duration.ofSeconds(this.quotaPeriodSeconds)) : null;
	}

	/** @return every limit of the key: the per-minute limit, further rate limits and the quota */
	public CallLimits getLimits() {
		return CallLimits.of(this.rateLimitPerMinute, getRateLimits(), getQuota());
	}

	/** @return the version of the limits, raised at every change of them */
	public long getLimitsVersion() {
		return this.limitsVersion;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public @Nullable String getCreatedBy() {
		return this.createdBy;
	}

	public @Nullable Instant getExpiresAt() {
		return this.expiresAt;
	}

	public @Nullable Instant getRevokedAt() {
		return this.revokedAt;
	}

	/** @return when the key was last used, as of the last usage flush */
	public @Nullable Instant getLastUsedAt() {
		return this.lastUsedAt;
	}

	/** @return calls made with the key, as of the last usage flush */
	public long getRequestCount() {
		return this.requestCount;
	}

	/** @return the id of the key that replaced this one by rotation */
	public @Nullable Long getReplacedBy() {
		return this.replacedBy;
	}

	@Override
	public String toString() {
		return "ApiKey[id=" + this.id + ", name=" + this.name + ", prefix=" + this.keyPrefix + ", owner=" + this.owner
				+ "]";
	}

}
