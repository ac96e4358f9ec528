package dev.grpcstarter.core.auth;

import dev.grpcstarter.core.call.GrpcPrincipal;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.grpcstarter.core.apikey.ApiKeyChangeListener;
import dev.grpcstarter.core.apikey.ApiKeyFormat;
import dev.grpcstarter.core.apikey.ApiKeyLookup;
import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.VerifiedApiKey;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a presented key into a principal. Well-formedness and the checksum are checked
 * first, without I/O; verified keys are cached by hash for a short time, so a cached key
 * costs no database round trip. Expiry and revocation are checked on every call against
 * the cached state; a revocation on this instance drops the cache entry at once, one on
 * another instance takes effect within the cache time-to-live.
 */
public final class ApiKeyAuthenticator implements ApiKeyChangeListener {

	private static final Logger logger = LoggerFactory.getLogger(ApiKeyAuthenticator.class);

	static final Status INVALID = Status.UNAUTHENTICATED.withDescription("invalid API key");

	static final Status EXPIRED = Status.UNAUTHENTICATED.withDescription("API key expired");

	static final Status REVOKED = Status.UNAUTHENTICATED.withDescription("API key revoked");

	static final Status UNAVAILABLE = Status.UNAVAILABLE.withDescription("authentication temporarily unavailable");

	private static final long OUTAGE_LOG_INTERVAL_MILLIS = 10_000;

	private final ApiKeyLookup keys;

	private final OwnerResolver owners;

	private final @Nullable MasterKey masterKey;

	private final Clock clock;

	private final Cache<String, CachedKey> cache;

	private final AtomicLong lastOutageLog = new AtomicLong();

	/**
	 * An authenticator.
	 * @param keys finds stored keys, usually {@link ApiKeyService#verify(String)}
	 * @param owners resolves a key's owner to a principal
	 * @param masterKey the master key, {@code null} when none is configured
	 * @param cacheTtl how long a verified key is trusted without asking the database
	 * @param clock the clock for expiry checks
	 */
	public ApiKeyAuthenticator(ApiKeyLookup keys, OwnerResolver owners, @Nullable MasterKey masterKey,
			Duration cacheTtl, Clock clock) {
		this.keys = keys;
		this.owners = owners;
		this.masterKey = masterKey;
		this.clock = clock;
		this.cache = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(100_000).build();
	}

	/**
	 * Authenticates a presented key, asking the database when the key is not cached.
	 * @param presented the key from the request header, exactly as sent
	 * @return the principal, or the status to reject the call with
	 */
	public Outcome authenticate(String presented) {
		Outcome screened = screen(presented);
		if (screened != null) {
			return screened;
		}
		String hash = ApiKeyFormat.hash(presented);
		CachedKey cached = this.cache.getIfPresent(hash);
		if (cached == null) {
			try {
				Optional<VerifiedApiKey> key = this.keys.verify(presented);
				if (key.isEmpty()) {
					return new Rejected(INVALID);
				}
				cached = new CachedKey(key.get(), this.owners.resolve(key.get()));
			}
			catch (RuntimeException ex) {
				logOutage(ex);
				return new Rejected(UNAVAILABLE);
			}
			this.cache.put(hash, cached);
		}
		return decide(cached);
	}

	/**
	 * Authenticates a presented key from what this instance already knows, without any
	 * I/O: the master key, a malformed key, a cached key.
	 * @param presented the key from the request header, exactly as sent
	 * @return the outcome, or {@code null} when only the database can tell
	 */
	public @Nullable Outcome authenticateFromMemory(String presented) {
		Outcome screened = screen(presented);
		if (screened != null) {
			return screened;
		}
		CachedKey cached = this.cache.getIfPresent(ApiKeyFormat.hash(presented));
		return (cached != null) ? decide(cached) : null;
	}

	/**
	 * Whether a presented value is made of visible ASCII characters only. Keys never hold
	 * whitespace or control characters, and a value that does is refused as it is rather
	 * than trimmed: whatever sits around a key was not put there by its holder.
	 * @param presented the value from the request header
	 * @return whether every character is between {@code '!'} and {@code '~'}
	 */
	static boolean isVisibleAscii(String presented) {
		for (int i = 0; i < presented.length(); i++) {
			char c = presented.charAt(i);
			if (c < '!' || c > '~') {
				return false;
			}
		}
		return true;
	}

	private @Nullable Outcome screen(String presented) {
		if (!isVisibleAscii(presented)) {
			return new Rejected(INVALID);
		}
		if (this.masterKey != null && this.masterKey.matches(presented)) {
			return new Authenticated(this.masterKey.principal(), null);
		}
		if (!ApiKeyFormat.isWellFormed(presented)) {
			return new Rejected(INVALID);
		}
		return null;
	}

	private Outcome decide(CachedKey cached) {
		long keyId = cached.key().id();
		return switch (cached.key().stateAt(this.clock.instant())) {
			case REVOKED -> new Rejected(REVOKED, keyId);
			case EXPIRED -> new Rejected(EXPIRED, keyId);
			case ACTIVE -> (cached.principal() != null) ? new Authenticated(cached.principal(), cached.key())
					: new Rejected(INVALID, keyId);
		};
	}

	@Override
	public void apiKeyChanged(String keyHash) {
		this.cache.invalidate(keyHash);
	}

	private void logOutage(RuntimeException ex) {
		long now = System.currentTimeMillis();
		long last = this.lastOutageLog.get();
		if (now - last >= OUTAGE_LOG_INTERVAL_MILLIS && this.lastOutageLog.compareAndSet(last, now)) {
			logger.warn("Cannot verify API keys, the database is unreachable; calls with uncached keys get UNAVAILABLE",
					ex);
		}
	}

	private record CachedKey(VerifiedApiKey key, @Nullable GrpcPrincipal principal) {
	}

	/** The result of {@link #authenticate(String)}. */
	public sealed interface Outcome permits Authenticated, Rejected {

	}

	/**
	 * The key is valid.
	 * @param principal who calls
	 * @param key the key, {@code null} for the master key
	 */
	public record Authenticated(GrpcPrincipal principal, @Nullable VerifiedApiKey key) implements Outcome {
	}

	/**
	 * The call must be rejected.
	 * @param status the status to close it with
	 * @param apiKeyId the stored key that was presented (revoked, expired, owner refused),
	 * {@code null} when no stored key matched
	 */
	public record Rejected(Status status, @Nullable Long apiKeyId) implements Outcome {

		Rejected(Status status) {
			this(status, null);
		}

	}

}
