package dev.grpcstarter.core.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.BucketState;
import io.github.bucket4j.ConfigurationBuilder;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.VerboseResult;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.RemoteBucketBuilder;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each key's rate limits and quota with one Bucket4j bucket per key on the chosen
 * engine: one bandwidth per rate limit (refilled gradually) and one for the quota (refilled
 * in full at each period boundary), so a call costs one bucket operation whatever the
 * number of limits.
 *
 * <p>On a shared engine an instance may take a small share of a key's smallest limit
 * without asking the engine (Bucket4j's delaying optimisation) and combines concurrent
 * requests for one key into one round trip (batching). With {@code n} instances the
 * cluster can exceed a limit over any window by at most about {@code 2 n} times that share
 * (what each instance took unasked, and the debt it left); keys whose smallest limit is too
 * small for a whole call of share ask the engine on every call.
 *
 * <p>When the engine fails or does not answer within its timeout, calls are limited in
 * this instance's memory (each instance then applies the full limits on its own) and the
 * engine is tried again after a pause.
 */
public final class CallLimiter implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(CallLimiter.class);

	private static final String QUOTA_ID = "quota";

	/** The bucket of the warm-up: key ids are positive, so no key ever shares it. */
	static final long WARM_UP_BUCKET = -1;

	private static final int WARM_UP_ATTEMPTS = 3;

	private final LimitStore store;

	private final @Nullable LimitStore fallback;

	private final LocalShare share;

	private final long outageRetryNanos;

	private final Cache<Long, KeyBucket> buckets = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofMinutes(10))
		.maximumSize(100_000)
		.build();

	private final Cache<Long, KeyBucket> fallbackBuckets = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofMinutes(10))
		.maximumSize(100_000)
		.build();

	private volatile long retryEngineAtNanos;

	private final AtomicBoolean inOutage = new AtomicBoolean();

	/**
	 * A limiter.
	 * @param store the buckets
	 * @param share how far an instance may go without asking a shared engine
	 * @param outageRetry after a failure of a shared engine, how long calls are limited in
	 * memory before the engine is tried again
	 */
	public CallLimiter(LimitStore store, LocalShare share, Duration outageRetry) {
		this.store = store;
		this.fallback = store.engine().isShared() ? LimitStore.memory() : null;
		this.share = share;
		this.outageRetryNanos = outageRetry.toNanos();
	}

	/**
	 * A limiter keeping its buckets in this instance's memory.
	 * @return the limiter
	 */
	public static CallLimiter inMemory() {
		return new CallLimiter(LimitStore.memory(), LocalShare.NONE, Duration.ofSeconds(5));
	}

	/** @return the engine holding the buckets */
	public RateLimitEngine engine() {
		return this.store.engine();
	}

	/** @return the buckets */
	public LimitStore store() {
		return this.store;
	}

	/**
	 * Takes one call of every limit of a key.
	 * @param id the key id, which addresses its bucket
	 * @param limits the key's limits
	 * @param version the version of the limits, raised at every change of them: a bucket
	 * stored with a lower version takes the new limits, keeping what was used
	 * @return whether the call may proceed, and where the key stands
	 */
	public Allowance tryAcquire(long id, CallLimits limits, long version) {
		if (limits.isUnlimited()) {
			return Allowance.UNLIMITED;
		}
		if (this.fallback != null && this.retryEngineAtNanos != 0 && System.nanoTime() - this.retryEngineAtNanos < 0) {
			return consume(bucket(this.fallbackBuckets, this.fallback, id, limits, version));
		}
		try {
			Allowance allowance = consume(bucket(this.buckets, this.store, id, limits, version));
			if (this.inOutage.compareAndSet(true, false)) {
				this.retryEngineAtNanos = 0;
				logger.info("Rate-limit engine {} answers again; limits hold across instances again", this.store);
			}
			return allowance;
		}
		catch (RuntimeException ex) {
			if (this.fallback == null) {
				throw ex;
			}
			this.retryEngineAtNanos = System.nanoTime() + this.outageRetryNanos;
			if (this.inOutage.compareAndSet(false, true)) {
				logger.warn("Rate-limit engine {} failed or timed out; limiting calls in this instance's memory"
						+ " and trying it again in {} ms", this.store, this.outageRetryNanos / 1_000_000, ex);
			}
			// A cached proxy may hold half-synchronised local state; start afresh when the engine is back.
			this.buckets.invalidate(id);
			return consume(bucket(this.fallbackBuckets, this.fallback, id, limits, version));
		}
	}

	/**
	 * Uses a bucket of its own on a shared engine once, so that the first calls do not pay
	 * for the client's cold first commands (class loading, the compare-and-swap script, the
	 * engine's threads): under a burst of calls on a busy CPU those have exceeded the
	 * engine's timeout and sent the instance into its in-memory fallback. Each attempt is
	 * bounded by the engine's timeout and a timed-out one still finishes in the background,
	 * so it is tried again, a few times at most. Meant for startup, before the server takes
	 * calls; it never fails startup: calls then find the engine as they would have.
	 * @return whether the engine answered (always for an engine in this instance's memory)
	 */
	public boolean warmUp() {
		if (!this.store.engine().isShared()) {
			return true;
		}
		BucketConfiguration configuration = BucketConfiguration.builder()
			.addLimit(Bandwidth.builder().capacity(1).refillGreedy(1, Duration.ofSeconds(1)).build())
			.build();
		for (int attempt = 1; attempt <= WARM_UP_ATTEMPTS; attempt++) {
			try {
				this.store.buckets().builder().build(WARM_UP_BUCKET, () -> configuration).getAvailableTokens();
				return true;
			}
			catch (RuntimeException ex) {
				logger.debug("Rate-limit engine warm-up attempt {} failed", attempt, ex);
			}
		}
		logger.warn("Rate-limit engine {} did not answer before the server started ({} attempts);"
				+ " calls that find it unavailable are limited in this instance's memory", this.store,
				WARM_UP_ATTEMPTS);
		return false;
	}

	/**
	 * How much of each limit a key has left, read from the engine without using a call.
	 * @param id the key id
	 * @param limits the key's limits
	 * @param version the version of the limits
	 * @return one entry per limit, rate limits by period then the quota; empty when unlimited
	 */
	public List<LimitUsage> usage(long id, CallLimits limits, long version) {
		if (limits.isUnlimited()) {
			return List.of();
		}
		Instant now = Instant.now();
		BucketConfiguration configuration = configuration(limits);
		List<LimitUsage> usage = new ArrayList<>();
		if (this.store.buckets().getProxyConfiguration(id).isEmpty()) {
			for (Bandwidth bandwidth : configuration.getBandwidths()) {
				usage.add(new LimitUsage(describe(bandwidth), bandwidth.getCapacity(), bandwidth.getCapacity(),
						Duration.ZERO));
			}
			return usage;
		}
		VerboseResult<Long> result = this.store.buckets()
			.builder()
			.withImplicitConfigurationReplacement(version, TokensInheritanceStrategy.ADDITIVE)
			.build(id, () -> configuration)
			.asVerbose()
			.getAvailableTokens();
		Bandwidth[] bandwidths = result.getConfiguration().getBandwidths();
		for (int i = 0; i < bandwidths.length; i++) {
			long remaining = Math.max(0, result.getState().getCurrentSize(i));
			usage.add(new LimitUsage(describe(bandwidths[i]), bandwidths[i].getCapacity(), remaining,
					untilFull(bandwidths[i], remaining, now)));
		}
		return usage;
	}

	@Override
	public void close() throws Exception {
		this.store.close();
	}

	private KeyBucket bucket(Cache<Long, KeyBucket> cache, LimitStore source, long id, CallLimits limits,
			long version) {
		KeyBucket bucket = cache.getIfPresent(id);
		if (bucket != null && bucket.version == version && bucket.limits.equals(limits)) {
			return bucket;
		}
		RemoteBucketBuilder<Long> builder = source.buckets()
			.builder()
			.withImplicitConfigurationReplacement(version, TokensInheritanceStrategy.ADDITIVE);
		if (source.engine().isShared()) {
			long unsynchronized = this.share.unsynchronizedCalls(limits);
			builder = builder.withOptimization((unsynchronized > 0)
					? Optimizations.delaying(new DelayParameters(unsynchronized, this.share.maxAge()))
					: Optimizations.batching());
		}
		BucketConfiguration configuration = configuration(limits);
		KeyBucket created = new KeyBucket(version, limits, builder.build(id, () -> configuration));
		cache.put(id, created);
		return created;
	}

	private static Allowance consume(KeyBucket bucket) {
		VerboseResult<ConsumptionProbe> result = bucket.proxy.asVerbose().tryConsumeAndReturnRemaining(1);
		// The stored configuration may be a newer one from another instance: read the state by it.
		Bandwidth[] bandwidths = result.getConfiguration().getBandwidths();
		BucketState state = result.getState();
		Instant now = Instant.ofEpochMilli(result.getOperationTimeNanos() / 1_000_000);
		ConsumptionProbe probe = result.getValue();
		if (probe.isConsumed()) {
			// The limit with the fewest calls left; between equals, the one that takes longest to refill.
			int tightest = 0;
			for (int i = 1; i < bandwidths.length; i++) {
				long size = state.getCurrentSize(i);
				long tightestSize = state.getCurrentSize(tightest);
				if (size < tightestSize || (size == tightestSize && untilFull(bandwidths[i], size, now)
					.compareTo(untilFull(bandwidths[tightest], tightestSize, now)) > 0)) {
					tightest = i;
				}
			}
			return new Allowance.Granted(stateOf(bandwidths[tightest], state.getCurrentSize(tightest), now));
		}
		// Of the limits without a call left, the one a caller waits longest for; a used-up quota first.
		int refusing = -1;
		for (int i = 0; i < bandwidths.length; i++) {
			long size = state.getCurrentSize(i);
			if (size >= 1) {
				continue;
			}
			if (QUOTA_ID.equals(bandwidths[i].getId())) {
				refusing = i;
				break;
			}
			if (refusing < 0 || untilOneCall(bandwidths[i], size, now)
				.compareTo(untilOneCall(bandwidths[refusing], state.getCurrentSize(refusing), now)) > 0) {
				refusing = i;
			}
		}
		if (refusing < 0) {
			// Tokens taken by other instances meanwhile: the probe and the state disagree on no limit.
			refusing = 0;
		}
		Duration retryAfter = Duration.ofNanos(probe.getNanosToWaitForRefill());
		LimitState refused = stateOf(bandwidths[refusing], 0, now);
		if (QUOTA_ID.equals(bandwidths[refusing].getId())) {
			Quota quota = new Quota(bandwidths[refusing].getCapacity(),
					Duration.ofNanos(bandwidths[refusing].getRefillPeriodNanos()));
			return new Allowance.QuotaExhausted(refused, quota, retryAfter);
		}
		return new Allowance.RateLimited(refused, retryAfter);
	}

	private static Duration untilOneCall(Bandwidth bandwidth, long size, Instant now) {
		if (bandwidth.isRefillIntervally()) {
			return untilFull(bandwidth, size, now);
		}
		double nanos = (double) (1 - size) * bandwidth.getRefillPeriodNanos() / bandwidth.getRefillTokens();
		return Duration.ofNanos((long) Math.ceil(nanos));
	}

	private static LimitState stateOf(Bandwidth bandwidth, long size, Instant now) {
		long remaining = Math.max(0, size);
		return new LimitState(bandwidth.getCapacity(), remaining, untilFull(bandwidth, remaining, now));
	}

	private static Duration untilFull(Bandwidth bandwidth, long remaining, Instant now) {
		long deficit = bandwidth.getCapacity() - remaining;
		if (deficit <= 0) {
			return Duration.ZERO;
		}
		if (bandwidth.isRefillIntervally()) {
			Quota quota = new Quota(bandwidth.getCapacity(), Duration.ofNanos(bandwidth.getRefillPeriodNanos()));
			return Duration.between(now, quota.nextRefillAfter(now));
		}
		// Greedy refill: one call back every period / capacity.
		double nanos = (double) deficit * bandwidth.getRefillPeriodNanos() / bandwidth.getRefillTokens();
		return Duration.ofNanos((long) Math.ceil(nanos));
	}

	private static String describe(Bandwidth bandwidth) {
		String text = CallsPerPeriod.format(bandwidth.getCapacity(), Duration.ofNanos(bandwidth.getRefillPeriodNanos()));
		return QUOTA_ID.equals(bandwidth.getId()) ? "quota " + text : text;
	}

	/**
	 * The bucket configuration of a key's limits. Bandwidths are named by what they are
	 * (the period of a rate limit, {@code quota}), so that a change of limits keeps what
	 * was used of each limit that stays.
	 */
	static BucketConfiguration configuration(CallLimits limits) {
		ConfigurationBuilder builder = BucketConfiguration.builder();
		for (RateLimit rate : limits.rates()) {
			builder.addLimit(Bandwidth.builder()
				.capacity(rate.calls())
				.refillGreedy(rate.calls(), rate.period())
				.id(rate.period().toString())
				.build());
		}
		Quota quota = limits.quota();
		if (quota != null) {
			// Aligned on the epoch, so every instance builds the same configuration.
			builder.addLimit(Bandwidth.builder()
				.capacity(quota.calls())
				.refillIntervallyAligned(quota.calls(), quota.period(), Instant.EPOCH.plus(quota.period()))
				.id(QUOTA_ID)
				.build());
		}
		return builder.build();
	}

	private record KeyBucket(long version, CallLimits limits, BucketProxy proxy) {
	}

	/**
	 * How far an instance may go on a shared engine without asking it: at most
	 * {@code fraction} of a key's smallest limit (whole calls, rounded down), and for at most
	 * {@code maxAge}.
	 *
	 * @param fraction share of the smallest limit, 0 to ask on every call
	 * @param maxAge the longest an instance acts on its own view of a bucket
	 */
	public record LocalShare(double fraction, Duration maxAge) {

		/** Ask the engine on every call. */
		public static final LocalShare NONE = new LocalShare(0, Duration.ofSeconds(1));

		/**
		 * Checks the values.
		 * @param fraction the fraction
		 * @param maxAge the age
		 */
		public LocalShare {
			if (fraction < 0 || fraction >= 1) {
				throw new IllegalArgumentException("the local share must be at least 0 and below 1");
			}
			if (maxAge.isNegative() || maxAge.isZero()) {
				throw new IllegalArgumentException("the local share's maximum age must be positive");
			}
		}

		long unsynchronizedCalls(CallLimits limits) {
			return (long) Math.floor(this.fraction * limits.smallestAllowance());
		}

	}

}
