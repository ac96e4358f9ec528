package dev.grpcstarter.autoconfigure.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.grpcstarter.core.auth.MasterKey;
import dev.grpcstarter.core.call.MethodPatternSyntax;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * API keys and authentication of gRPC calls.
 *
 * <p>Checked when bound ({@link Validated}), by this class itself as a Spring
 * {@link Validator} rather than with Jakarta constraints: Spring Boot applies a
 * self-validating properties class without a Bean Validation provider on the class path
 * (the starter brings none), and the rules need the method-pattern syntax and more than
 * one property. A failure stops startup with a message naming the property.
 */
@ConfigurationProperties("grpc.auth")
@Validated
public class GrpcAuthProperties implements Validator {

	/** Whether calls are authenticated by API key at all. */
	private boolean enabled = true;

	/** Whether methods need an API key unless public. */
	private boolean requireAuth = true;

	/** Request header carrying the API key. */
	private String header = "x-api-key";

	/** Methods callable without a key: package.Service/Method, package.Service/* or *. */
	private List<String> publicMethods = new ArrayList<>();

	/** Whether the health and reflection services are callable without a key. */
	private boolean publicInfrastructure = true;

	/** How long a verified key is trusted without asking the database; bounds how late a change on another instance takes effect without key-change notifications. */
	private Duration cacheTtl = Duration.ofSeconds(10);

	/** How long past the cache TTL a key's last verified state is still used while the database cannot answer; 0 never. */
	private Duration staleIfError = Duration.ofMinutes(5);

	/** How often key usage (last used, request count) is written to the database. */
	private Duration usageFlushInterval = Duration.ofSeconds(5);

	/** Authority that makes a principal staff. */
	private String staffAuthority = "ROLE_STAFF";

	/** Authority that makes a principal superuser (and staff). */
	private String superuserAuthority = "ROLE_ADMIN";

	/** Master key for development and internal calls, at least 32 characters; unset by default. */
	private @Nullable String masterKey;

	/** Principal name of calls made with the master key. */
	private String masterKeyPrincipal = "master-key";

	/** Whether the master key may be used under the 'prod' profile. */
	private boolean masterKeyAllowedInProd = false;

	private final FailedAttempts failedAttempts = new FailedAttempts();

	private final Lookup lookup = new Lookup();

	private final CreateKey createKey = new CreateKey();

	private final KeyChangeNotifications keyChangeNotifications = new KeyChangeNotifications();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isRequireAuth() {
		return this.requireAuth;
	}

	public void setRequireAuth(boolean requireAuth) {
		this.requireAuth = requireAuth;
	}

	public String getHeader() {
		return this.header;
	}

	public void setHeader(String header) {
		this.header = header;
	}

	public List<String> getPublicMethods() {
		return this.publicMethods;
	}

	public void setPublicMethods(List<String> publicMethods) {
		this.publicMethods = publicMethods;
	}

	public boolean isPublicInfrastructure() {
		return this.publicInfrastructure;
	}

	public void setPublicInfrastructure(boolean publicInfrastructure) {
		this.publicInfrastructure = publicInfrastructure;
	}

	public Duration getCacheTtl() {
		return this.cacheTtl;
	}

	public void setCacheTtl(Duration cacheTtl) {
		this.cacheTtl = cacheTtl;
	}

	public Duration getStaleIfError() {
		return this.staleIfError;
	}

	public void setStaleIfError(Duration staleIfError) {
		this.staleIfError = staleIfError;
	}

	public Duration getUsageFlushInterval() {
		return this.usageFlushInterval;
	}

	public void setUsageFlushInterval(Duration usageFlushInterval) {
		this.usageFlushInterval = usageFlushInterval;
	}

	public String getStaffAuthority() {
		return this.staffAuthority;
	}

	public void setStaffAuthority(String staffAuthority) {
		this.staffAuthority = staffAuthority;
	}

	public String getSuperuserAuthority() {
		return this.superuserAuthority;
	}

	public void setSuperuserAuthority(String superuserAuthority) {
		this.superuserAuthority = superuserAuthority;
	}

	public @Nullable String getMasterKey() {
		return this.masterKey;
	}

	public void setMasterKey(@Nullable String masterKey) {
		this.masterKey = masterKey;
	}

	public String getMasterKeyPrincipal() {
		return this.masterKeyPrincipal;
	}

	public void setMasterKeyPrincipal(String masterKeyPrincipal) {
		this.masterKeyPrincipal = masterKeyPrincipal;
	}

	public boolean isMasterKeyAllowedInProd() {
		return this.masterKeyAllowedInProd;
	}

	public void setMasterKeyAllowedInProd(boolean masterKeyAllowedInProd) {
		this.masterKeyAllowedInProd = masterKeyAllowedInProd;
	}

	@Override
	public boolean supports(Class<?> type) {
		return GrpcAuthProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		GrpcAuthProperties properties = (GrpcAuthProperties) target;
		String secret = properties.getMasterKey();
		if (secret != null && !secret.isEmpty() && secret.length() < MasterKey.MIN_LENGTH) {
			// Not rejectValue: a field error would print the (short) secret.
			errors.reject("grpc.auth.master-key.length",
					"grpc.auth.master-key must be at least " + MasterKey.MIN_LENGTH + " characters long");
		}
		if (secret != null && !secret.isEmpty() && !MasterKey.isVisibleAscii(secret)) {
			errors.reject("grpc.auth.master-key.characters",
					"grpc.auth.master-key must be visible ASCII characters, without whitespace or control characters");
		}
		for (String pattern : properties.getPublicMethods()) {
			if (!MethodPatternSyntax.isValid(pattern)) {
				errors.rejectValue("publicMethods", "grpc.auth.public-methods.pattern", "grpc.auth.public-methods: '"
						+ pattern + "' is not a method pattern; use package.Service/Method, package.Service/* or *");
			}
		}
	}

	public FailedAttempts getFailedAttempts() {
		return this.failedAttempts;
	}

	public CreateKey getCreateKey() {
		return this.createKey;
	}

	public Lookup getLookup() {
		return this.lookup;
	}

	public KeyChangeNotifications getKeyChangeNotifications() {
		return this.keyChangeNotifications;
	}

	/**
	 * Notifications of key changes (revocation, rotation, edits) to every instance, which
	 * drop the key from their caches at once instead of at the end of the cache TTL.
	 */
	public static class KeyChangeNotifications {

		/** Whether key changes are notified to every instance; without, other instances see them within the cache TTL. */
		private boolean enabled = true;

		/** What carries them: auto (Redis where rate limits live in Redis, else PostgreSQL, else none), postgresql or redis. */
		private Transport transport = Transport.AUTO;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Transport getTransport() {
			return this.transport;
		}

		public void setTransport(Transport transport) {
			this.transport = transport;
		}

	}

	/**
	 * What carries key-change notifications.
	 */
	public enum Transport {

		/** Redis pub/sub where the rate-limit engine is Redis, else PostgreSQL LISTEN/NOTIFY on PostgreSQL, else none. */
		AUTO,

		/** PostgreSQL LISTEN/NOTIFY on the application's database. */
		POSTGRESQL,

		/** Redis pub/sub on the application's Redis (Spring Data Redis with Lettuce). */
		REDIS

	}

	/**
	 * Throttling of failed authentication attempts per client address.
	 */
	public static class FailedAttempts {

		/** Failed attempts allowed per address and window; 0 disables throttling. */
		private int max = 20;

		/** Window in which failed attempts are counted. */
		private Duration window = Duration.ofMinutes(1);

		public int getMax() {
			return this.max;
		}

		public void setMax(int max) {
			this.max = max;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

	}

	/**
	 * Database lookups of keys that are not cached or whose cache entry is due: off the
	 * call's thread, with a timeout, behind a circuit breaker.
	 */
	public static class Lookup {

		/** How long a call waits for a key lookup before it gets UNAVAILABLE (or the key's last verified state). */
		private Duration timeout = Duration.ofMillis(500);

		/** Threads running key lookups: the most database connections the lookups hold at once. */
		private int threads = 4;

		/** Lookups waiting for a thread; past it a lookup is refused at once. */
		private int queueCapacity = 100;

		private final CircuitBreaker circuitBreaker = new CircuitBreaker();

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public int getThreads() {
			return this.threads;
		}

		public void setThreads(int threads) {
			this.threads = threads;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

		public CircuitBreaker getCircuitBreaker() {
			return this.circuitBreaker;
		}

	}

	/**
	 * The circuit breaker of key lookups (Resilience4j): while open, lookups are refused
	 * at once instead of waiting for a database that does not answer.
	 */
	public static class CircuitBreaker {

		/** Failure rate of recent lookups, in percent, that opens the breaker. */
		private float failureRateThreshold = 50;

		/** Number of recent lookups the failure rate is computed over. */
		private int slidingWindowSize = 10;

		/** Lookups needed before the failure rate is judged. */
		private int minimumNumberOfCalls = 5;

		/** How long an open breaker refuses lookups before it lets one probe through. */
		private Duration waitDurationInOpenState = Duration.ofSeconds(5);

		public float getFailureRateThreshold() {
			return this.failureRateThreshold;
		}

		public void setFailureRateThreshold(float failureRateThreshold) {
			this.failureRateThreshold = failureRateThreshold;
		}

		public int getSlidingWindowSize() {
			return this.slidingWindowSize;
		}

		public void setSlidingWindowSize(int slidingWindowSize) {
			this.slidingWindowSize = slidingWindowSize;
		}

		public int getMinimumNumberOfCalls() {
			return this.minimumNumberOfCalls;
		}

		public void setMinimumNumberOfCalls(int minimumNumberOfCalls) {
			this.minimumNumberOfCalls = minimumNumberOfCalls;
		}

		public Duration getWaitDurationInOpenState() {
			return this.waitDurationInOpenState;
		}

		public void setWaitDurationInOpenState(Duration waitDurationInOpenState) {
			this.waitDurationInOpenState = waitDurationInOpenState;
		}

	}

	/**
	 * Creating a key from the command line: when a name is set, the application creates
	 * the key, prints it once and exits, without starting its servers.
	 */
	public static class CreateKey {

		/** Name of the key to create; setting it triggers creation. */
		private @Nullable String name;

		/** Owner (principal name) of the key to create. */
		private String owner = "admin";

		/** Authorities of the key to create. */
		private List<String> authorities = new ArrayList<>();

		/** Method patterns the key to create may call; empty allows all. */
		private List<String> scopes = new ArrayList<>();

		/** Lifetime of the key to create; unset never expires. */
		private @Nullable Duration expiresIn;

		/** Calls per minute allowed for the key to create; unset is unlimited. */
		private @Nullable Integer rateLimitPerMinute;

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public String getOwner() {
			return this.owner;
		}

		public void setOwner(String owner) {
			this.owner = owner;
		}

		public List<String> getAuthorities() {
			return this.authorities;
		}

		public void setAuthorities(List<String> authorities) {
			this.authorities = authorities;
		}

		public List<String> getScopes() {
			return this.scopes;
		}

		public void setScopes(List<String> scopes) {
			this.scopes = scopes;
		}

		public @Nullable Duration getExpiresIn() {
			return this.expiresIn;
		}

		public void setExpiresIn(@Nullable Duration expiresIn) {
			this.expiresIn = expiresIn;
		}

		public @Nullable Integer getRateLimitPerMinute() {
			return this.rateLimitPerMinute;
		}

		public void setRateLimitPerMinute(@Nullable Integer rateLimitPerMinute) {
			this.rateLimitPerMinute = rateLimitPerMinute;
		}

	}

}
