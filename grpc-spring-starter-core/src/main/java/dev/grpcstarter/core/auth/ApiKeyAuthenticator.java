package dev.grpcstarter.core.auth;

import dev.grpcstarter.core.call.GrpcPrincipal;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.grpcstarter.core.apikey.ApiKeyChangeListener;
import dev.grpcstarter.core.apikey.ApiKeyChangeNotifications;
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
 * first, without I/O. Verified keys are cached by hash:
 *
 * <ul>
 * <li>For the cache time-to-live a cached key costs no database round trip. Once it is half
 * over, the key is looked up again in the background, so a key in steady use never waits
 * for the database.</li>
 * <li>Past the time-to-live the key is looked up again before it is accepted; while that
 * lookup runs, other calls with the key are judged on the cached state.</li>
 * <li>When the database cannot answer (a lookup failed, timed out, or the circuit breaker of
 * the {@link KeyLookupExecutor} is open), the last verified state is used for up to
 * {@code staleIfError} past the time-to-live. That state is judged as any other: a key
 * revoked or expired in it stays refused, a key dropped from the cache is never brought
 * back. Past that, and for keys not cached at all, the call gets {@code UNAVAILABLE}.</li>
 * </ul>
 *
 * Expiry and revocation are checked on every call against the cached state. A change of a
 * key on this instance drops its cache entry at once (and discards a lookup of it under
 * way); so does one on another instance when {@link ApiKeyChangeNotifications} tell of it.
 * Without them, or while they are interrupted, a change on another instance takes effect
 * within the time-to-live plus one lookup timeout. When notifications resume after an
 * interruption, every cached key is dropped, so that no change made meanwhile is missed; a
 * dropped key is never used as a stale state during an outage.
 */
public final class ApiKeyAuthenticator implements ApiKeyChangeListener {

	private static final Logger logger = LoggerFactory.getLogger(ApiKeyAuthenticator.class);

	static final Status INVALID = Status.UNAUTHENTICATED.withDescription("invalid API key");

	static final Status EXPIRED = Status.UNAUTHENTICATED.withDescription("API key expired");

	static final Status REVOKED = Status.UNAUTHENTICATED.withDescription("API key revoked");

	static final Status UNAVAILABLE = Status.UNAVAILABLE.withDescription("authentication temporarily unavailable");

	/** The status of an outcome whose lookup the {@link LookupPermit} refused to start. */
	public static final Status LOOKUP_REFUSED = Status.RESOURCE_EXHAUSTED.withDescription("key lookup refused");

	private final ApiKeyLookup keys;

	private final OwnerResolver owners;

	private final @Nullable MasterKey masterKey;

	private final Clock clock;

	private final Ticker ticker;

	private final long ttlNanos;

	private final long usableNanos;

	private final KeyLookupExecutor lookups;

	private final Cache<String, CachedKey> cache;

	/** Lookups under way by key hash: concurrent calls with one key share one lookup. */
	private final ConcurrentHashMap<String, CompletableFuture<Optional<CachedKey>>> lookupsUnderWay = new ConcurrentHashMap<>();

	private final LongAdder staleAccepted = new LongAdder();

	/**
	 * An authenticator.
	 * @param keys finds stored keys, usually {@link ApiKeyService#verify(String)}
	 * @param owners resolves a key's owner to a principal
	 * @param masterKey the master key, {@code null} when none is configured
	 * @param cacheTtl how long a verified key is trusted without asking the database
	 * @param staleIfError how long past {@code cacheTtl} the last verified state of a key is
	 * used while the database cannot answer; {@link Duration#ZERO} never
	 * @param lookups runs the lookups (and owner resolution) with a timeout, behind a
	 * circuit breaker
	 * @param clock the clock for expiry checks
	 */
	public ApiKeyAuthenticator(ApiKeyLookup keys, OwnerResolver owners, @Nullable MasterKey masterKey,
			Duration cacheTtl, Duration staleIfError, KeyLookupExecutor lookups, Clock clock) {
		this(keys, owners, masterKey, cacheTtl, staleIfError, lookups, clock, Ticker.systemTicker());
	}

	ApiKeyAuthenticator(ApiKeyLookup keys, OwnerResolver owners, @Nullable MasterKey masterKey, Duration cacheTtl,
			Duration staleIfError, KeyLookupExecutor lookups, Clock clock, Ticker ticker) {
		if (cacheTtl.isNegative() || cacheTtl.isZero() || staleIfError.isNegative()) {
			throw new IllegalArgumentException("cache TTL must be positive and stale-if-error not negative");
		}
		this.keys = keys;
		this.owners = owners;
		this.masterKey = masterKey;
		this.clock = clock;
		this.ticker = ticker;
		this.ttlNanos = cacheTtl.toNanos();
		this.usableNanos = cacheTtl.plus(staleIfError).toNanos();
		this.lookups = lookups;
		this.cache = Caffeine.newBuilder()
			.ticker(ticker)
			.expireAfterWrite(cacheTtl.plus(staleIfError))
			.maximumSize(100_000)
			.build();
	}

	/**
	 * Authenticates a presented key. Waits for the database at most the lookup timeout, and
	 * not at all for a key whose cache entry is fresh or while the circuit breaker is open.
	 * @param presented the key from the request header, exactly as sent
	 * @return the principal, or the status to reject the call with
	 */
	public Outcome authenticate(String presented) {
		return authenticate(presented, LookupPermit.ALWAYS);
	}

	/**
	 * Authenticates a presented key, asking a permit before a lookup of it starts. A call
	 * that finds a lookup of the same key under way waits for that one instead and needs no
	 * permit, since it makes the database verify nothing more.
	 * @param presented the key from the request header, exactly as sent
	 * @param permit asked before this call starts a lookup; when it refuses, the outcome is
	 * {@link #LOOKUP_REFUSED}
	 * @return the principal, or the status to reject the call with
	 */
	public Outcome authenticate(String presented, LookupPermit permit) {
		Outcome screened = screen(presented);
		if (screened != null) {
			return screened;
		}
		String hash = ApiKeyFormat.hash(presented);
		CachedKey cached = this.cache.getIfPresent(hash);
		if (cached != null) {
			Outcome fresh = judgeIfFresh(hash, presented, cached);
			if (fresh != null) {
				return fresh;
			}
			if (this.ticker.read() - cached.verifiedAtNanos() >= this.usableNanos) {
				cached = null;
			}
			else if (this.lookupsUnderWay.containsKey(hash)) {
				// Another call is revalidating this key; do not wait in line behind it.
				return judge(cached);
			}
		}
		CompletableFuture<Optional<CachedKey>> lookup = lookUp(hash, presented, permit);
		if (lookup == null) {
			return new Rejected(LOOKUP_REFUSED);
		}
		Optional<CachedKey> found;
		try {
			found = lookup.get(this.lookups.timeout().toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException | TimeoutException | CancellationException ex) {
			return unavailable(cached);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return unavailable(cached);
		}
		return found.map(this::judge).orElseGet(() -> new Rejected(INVALID));
	}

	/**
	 * Authenticates a presented key from what this instance already knows, without waiting
	 * for the database: the master key, a malformed key, a key whose cache entry is within
	 * its time-to-live.
	 * @param presented the key from the request header, exactly as sent
	 * @return the outcome, or {@code null} when only the database can tell
	 */
	public @Nullable Outcome authenticateFromMemory(String presented) {
		Outcome screened = screen(presented);
		if (screened != null) {
			return screened;
		}
		String hash = ApiKeyFormat.hash(presented);
		CachedKey cached = this.cache.getIfPresent(hash);
		return (cached != null) ? judgeIfFresh(hash, presented, cached) : null;
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

	/**
	 * Judges a cached key within its time-to-live, starting a background lookup once half
	 * of it is over so that a key in steady use never waits for the database.
	 * @return the outcome, or {@code null} when the entry is past its time-to-live
	 */
	private @Nullable Outcome judgeIfFresh(String hash, String presented, CachedKey cached) {
		long age = this.ticker.read() - cached.verifiedAtNanos();
		if (age >= this.ttlNanos) {
			return null;
		}
		if (age >= this.ttlNanos / 2 && !this.lookupsUnderWay.containsKey(hash)) {
			// The key was verified: renewing it is no attempt of the caller's.
			lookUp(hash, presented, LookupPermit.ALWAYS);
		}
		return judge(cached);
	}

	/**
	 * Looks up a key that does not exist, on the calling thread and without the lookup
	 * timeout, so that the first call's lookup does not pay for query compilation, class
	 * loading and the first connection. Meant for startup; a failure is only logged.
	 */
	public void warmUp() {
		try {
			load(new ApiKeyFormat().generate(), this.ticker.read());
		}
		catch (RuntimeException ex) {
			logger.debug("API key lookup warm-up failed", ex);
		}
	}

	/**
	 * How many calls were accepted on a key's last verified state because the database
	 * could not answer.
	 * @return the count since start
	 */
	public long staleAccepted() {
		return this.staleAccepted.sum();
	}

	@Override
	public void apiKeyChanged(String keyHash) {
		// Under the map's lock for this hash, so that a lookup completing now cannot put
		// back the state read before the change.
		this.lookupsUnderWay.compute(keyHash, (hash, underWay) -> {
			this.cache.invalidate(hash);
			return null;
		});
	}

	@Override
	public void apiKeyChangesMissed() {
		// Lookups under way first: one completing after this cannot find its own entry and
		// so cannot put back a state read before; then the cache, which also removes what a
		// lookup completing in between put.
		this.lookupsUnderWay.clear();
		this.cache.invalidateAll();
	}

	/**
	 * Joins the lookup of a key under way, or starts one if the permit allows.
	 * @return the lookup, {@code null} when the permit refused to start one
	 */
	private @Nullable CompletableFuture<Optional<CachedKey>> lookUp(String hash, String presented,
			LookupPermit permit) {
		AtomicReference<@Nullable CompletableFuture<Optional<CachedKey>>> started = new AtomicReference<>();
		// The permit is asked under the map's lock for this hash, so of concurrent calls with
		// one key exactly one asks, and the others join what it started.
		CompletableFuture<Optional<CachedKey>> underWay = this.lookupsUnderWay.computeIfAbsent(hash, (key) -> {
			if (!permit.tryAcquire()) {
				return null;
			}
			CompletableFuture<Optional<CachedKey>> mine = new CompletableFuture<>();
			started.set(mine);
			return mine;
		});
		CompletableFuture<Optional<CachedKey>> mine = started.get();
		if (underWay == null || mine == null) {
			return underWay;
		}
		long startedNanos = this.ticker.read();
		this.lookups.submit(() -> load(presented, startedNanos)).whenComplete((found, failure) -> {
			this.lookupsUnderWay.computeIfPresent(hash, (key, current) -> {
				if (current != mine) {
					return current;
				}
				if (failure == null) {
					if (found.isPresent()) {
						this.cache.put(hash, found.get());
					}
					else {
						this.cache.invalidate(hash);
					}
				}
				return null;
			});
			if (failure != null) {
				mine.completeExceptionally(failure);
			}
			else {
				mine.complete(found);
			}
		});
		return mine;
	}

	private Optional<CachedKey> load(String presented, long startedNanos) {
		// Runs on a lookup thread: the owner's resolution may ask the database too.
		return this.keys.verify(presented)
			.map((key) -> new CachedKey(key, this.owners.resolve(key), startedNanos));
	}

	private Outcome unavailable(@Nullable CachedKey cached) {
		if (cached == null || this.ticker.read() - cached.verifiedAtNanos() >= this.usableNanos) {
			return new Rejected(UNAVAILABLE);
		}
		Outcome outcome = judge(cached);
		if (outcome instanceof Authenticated) {
			this.staleAccepted.increment();
		}
		return outcome;
	}

	private Outcome judge(CachedKey cached) {
		long keyId = cached.key().id();
		return switch (cached.key().stateAt(this.clock.instant())) {
			case REVOKED -> new Rejected(REVOKED, keyId);
			case EXPIRED -> new Rejected(EXPIRED, keyId);
			case ACTIVE -> (cached.principal() != null) ? new Authenticated(cached.principal(), cached.key())
					: new Rejected(INVALID, keyId);
		};
	}

	/**
	 * A key as last verified.
	 * @param key the stored state
	 * @param principal its owner, {@code null} when the owner may not authenticate
	 * @param verifiedAtNanos the ticker's reading when the lookup started
	 */
	private record CachedKey(VerifiedApiKey key, @Nullable GrpcPrincipal principal, long verifiedAtNanos) {
	}

	/**
	 * Asked before a call starts a lookup of a key not known from memory, so that a caller
	 * can be held to a number of lookups (the failed-attempt throttle) while concurrent calls
	 * with one key still share one lookup and one permit.
	 */
	@FunctionalInterface
	public interface LookupPermit {

		/** A permit that always allows. */
		LookupPermit ALWAYS = () -> true;

		/**
		 * Asks to start a lookup; asked once per lookup, by the call that starts it.
		 * @return whether it may start
		 */
		boolean tryAcquire();

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
