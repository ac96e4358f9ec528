package dev.grpcstarter.core.auth;

import dev.grpcstarter.core.call.GrpcPrincipal;

import java.time.Duration;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import dev.grpcstarter.core.apikey.ApiKeyUsageRecorder;
import dev.grpcstarter.core.apikey.VerifiedApiKey;
import dev.grpcstarter.core.call.RequestContext;
import dev.grpcstarter.core.ratelimit.Allowance;
import dev.grpcstarter.core.ratelimit.CallLimiter;
import dev.grpcstarter.core.ratelimit.RateLimitResponses;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a call presenting an API key goes on, whichever mechanism carries the
 * decision to the call (the starter's own interceptor, or Spring Security's authentication
 * provider inside Spring gRPC's {@code GrpcSecurity}): the failed-attempt throttle, the
 * key's verification ({@link ApiKeyAuthenticator}: checksum, cache, lookup, owner), its
 * scopes, its rate limits and quota, and its usage count.
 *
 * <p>The request context of the call records the caller once the key is verified, and the
 * stored key a refused call presented.
 */
public final class ApiKeyAdmission {

	/** The mechanism name the request log records for calls authenticated by a key. */
	public static final String MECHANISM = "api-key";

	static final Status THROTTLED = Status.RESOURCE_EXHAUSTED
		.withDescription("too many failed authentication attempts, retry later");

	private final ApiKeyAuthenticator authenticator;

	private final CallLimiter limiter;

	private final FailedAttemptThrottle throttle;

	private final ApiKeyUsageRecorder usage;

	/**
	 * An admission.
	 * @param authenticator verifies keys
	 * @param limiter per-key rate limits and quotas
	 * @param throttle per-address failed-attempt limits
	 * @param usage counts calls per key
	 */
	public ApiKeyAdmission(ApiKeyAuthenticator authenticator, CallLimiter limiter, FailedAttemptThrottle throttle,
			ApiKeyUsageRecorder usage) {
		this.authenticator = authenticator;
		this.limiter = limiter;
		this.throttle = throttle;
		this.usage = usage;
	}

	/**
	 * Decides on a call presenting a key.
	 * @param presented the key, exactly as sent, not empty
	 * @param fullMethodName the called method, {@code package.Service/Method}
	 * @param clientAddress the address failed attempts are counted against
	 * @return whether the call goes on, and as whom
	 */
	public Decision admit(String presented, String fullMethodName, @Nullable String clientAddress) {
		String address = String.valueOf(clientAddress);
		ApiKeyAuthenticator.Outcome outcome = this.authenticator.authenticateFromMemory(presented);
		if (outcome == null) {
			// Only the database can tell: an attempt is taken when this call starts the
			// lookup, not when it joins a lookup of the same key under way, so a burst of
			// first calls with one valid key is one attempt, given back once it verifies.
			ThrottledLookup permit = new ThrottledLookup(address);
			outcome = this.authenticator.authenticate(presented, permit);
			if (permit.refusal != null) {
				markRefusedBeforeAuthentication();
				return new Refused(throttled(permit.refusal.retryAfter()));
			}
			if (permit.taken && !isFailedAttempt(outcome)) {
				this.throttle.refund(address);
			}
		}
		else if (!(outcome instanceof ApiKeyAuthenticator.Authenticated)) {
			// A malformed key or a key known to be revoked or expired: a failed attempt.
			FailedAttemptThrottle.Attempt attempt = this.throttle.tryAttempt(address);
			if (!attempt.allowed()) {
				markRefusedBeforeAuthentication();
				return new Refused(throttled(attempt.retryAfter()));
			}
			if (!isFailedAttempt(outcome)) {
				this.throttle.refund(address);
			}
		}
		RequestContext request = RequestContext.current();
		if (outcome instanceof ApiKeyAuthenticator.Rejected rejected) {
			if (request != null && rejected.apiKeyId() != null) {
				// The request log shows the refused call on the key's page, without a principal.
				request.recordRejectedKey(rejected.apiKeyId());
			}
			if (isFailedAttempt(rejected)) {
				markRefusedBeforeAuthentication();
			}
			return new Refused(rejected.status(), new Metadata());
		}
		ApiKeyAuthenticator.Authenticated authenticated = (ApiKeyAuthenticator.Authenticated) outcome;
		VerifiedApiKey key = authenticated.key();
		if (request != null) {
			request.recordCaller(authenticated.principal().name(), (key != null) ? key.id() : null);
			request.recordAuthMechanism(MECHANISM);
		}
		if (key == null) {
			return new Admitted(authenticated.principal(), null, null);
		}
		if (!MethodAccessRules.scopesAllow(key.scopes(), fullMethodName)) {
			return new Refused(Status.PERMISSION_DENIED.withDescription("API key is not allowed to call " + fullMethodName),
					new Metadata());
		}
		// Rate limits and quota (core.ratelimit): refusals carry google.rpc details, every
		// call with a limited key the ratelimit-* headers.
		Allowance allowance = this.limiter.tryAcquire(key.id(), key.limits(), key.limitsVersion());
		if (!allowance.granted()) {
			return new Refused(RateLimitResponses.refusalWithFields(allowance, key.id()));
		}
		this.usage.record(key.id(), fullMethodName);
		return new Admitted(authenticated.principal(), key, allowance);
	}

	/**
	 * The request log keeps only a budget of rows per address for calls refused before any
	 * caller was authenticated (what a flood of guesses or keyless calls consists of); a
	 * refusal that is the server's fault ({@code UNAVAILABLE}) or that follows a verified
	 * key is always logged.
	 */
	static void markRefusedBeforeAuthentication() {
		RequestContext request = RequestContext.current();
		if (request != null) {
			request.recordRefusedBeforeAuthentication();
		}
	}

	private static boolean isFailedAttempt(ApiKeyAuthenticator.Outcome outcome) {
		return outcome instanceof ApiKeyAuthenticator.Rejected rejected
				&& rejected.status().getCode() == Status.Code.UNAUTHENTICATED;
	}

	/**
	 * The refusal of a throttled call, with a {@code google.rpc.RetryInfo} detail that
	 * clients read with {@code StatusProto.fromThrowable}.
	 */
	static StatusException throttled(@Nullable Duration retryAfter) {
		Duration delay = (retryAfter != null) ? retryAfter : Duration.ZERO;
		RetryInfo retry = RetryInfo.newBuilder()
			.setRetryDelay(com.google.protobuf.Duration.newBuilder()
				.setSeconds(delay.getSeconds())
				.setNanos(delay.getNano()))
			.build();
		return StatusProto.toStatusException(com.google.rpc.Status.newBuilder()
			.setCode(THROTTLED.getCode().value())
			.setMessage(THROTTLED.getDescription())
			.addDetails(Any.pack(retry))
			.build());
	}

	/**
	 * Takes the attempt of a call that starts a key lookup from the address's allowance; the
	 * attempt is taken before the key is verified, in one atomic step, so concurrent guesses
	 * cannot all pass a check made before any of them failed.
	 */
	private final class ThrottledLookup implements ApiKeyAuthenticator.LookupPermit {

		private final String address;

		private boolean taken;

		private FailedAttemptThrottle.@Nullable Attempt refusal;

		ThrottledLookup(String address) {
			this.address = address;
		}

		@Override
		public boolean tryAcquire() {
			FailedAttemptThrottle.Attempt attempt = ApiKeyAdmission.this.throttle.tryAttempt(this.address);
			this.taken = attempt.allowed();
			this.refusal = attempt.allowed() ? null : attempt;
			return this.taken;
		}

	}

	/** The result of {@link #admit}. */
	public sealed interface Decision permits Admitted, Refused {

	}

	/**
	 * The call goes on.
	 * @param principal who calls
	 * @param key the key, {@code null} for the master key
	 * @param allowance what the key's limits granted, {@code null} for the master key
	 */
	public record Admitted(GrpcPrincipal principal, @Nullable VerifiedApiKey key,
			@Nullable Allowance allowance) implements Decision {
	}

	/**
	 * The call is refused.
	 * @param status the status to close it with
	 * @param trailers the trailers to close it with ({@code google.rpc} details, rate-limit
	 * fields)
	 */
	public record Refused(Status status, Metadata trailers) implements Decision {

		Refused(StatusException refusal) {
			this(refusal.getStatus(), trailersOf(refusal));
		}

		private static Metadata trailersOf(StatusException refusal) {
			Metadata trailers = refusal.getTrailers();
			return (trailers != null) ? trailers : new Metadata();
		}

	}

}
