package dev.grpcstarter.core.auth;

import java.time.Duration;
import java.util.Iterator;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import dev.grpcstarter.core.apikey.ApiKeyUsageRecorder;
import dev.grpcstarter.core.apikey.VerifiedApiKey;
import dev.grpcstarter.core.call.ClientAddressResolver;
import dev.grpcstarter.core.call.RequestContext;
import dev.grpcstarter.core.ratelimit.Allowance;
import dev.grpcstarter.core.ratelimit.CallLimiter;
import dev.grpcstarter.core.ratelimit.RateLimitResponses;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;
import org.jspecify.annotations.Nullable;

/**
 * Authenticates every call by its API key header.
 *
 * <ul>
 * <li>No key: allowed only where {@link MethodAccessRules} allow anonymous calls, else
 * {@code UNAUTHENTICATED} "missing API key".</li>
 * <li>The key header more than once: {@code UNAUTHENTICATED} "more than one API key".</li>
 * <li>A key that is malformed (whitespace or control characters included), unknown,
 * expired, revoked or whose owner is disabled: {@code UNAUTHENTICATED} on every method,
 * public or not; never silently anonymous.</li>
 * <li>Too many failures from one address: {@code RESOURCE_EXHAUSTED} before verification,
 * with a {@code google.rpc.RetryInfo} detail saying when to retry; a key this instance has
 * already verified and cached is never refused for it.</li>
 * <li>A key outside its scopes: {@code PERMISSION_DENIED}; over a rate limit or out of its
 * quota: {@code RESOURCE_EXHAUSTED} with {@code google.rpc} details, see
 * {@link RateLimitResponses}.</li>
 * <li>Database unreachable for an uncached key: {@code UNAVAILABLE} (fail closed).</li>
 * </ul>
 */
public final class ApiKeyAuthInterceptor implements ServerInterceptor {

	static final Status MISSING = Status.UNAUTHENTICATED.withDescription("missing API key");

	static final Status DUPLICATE = Status.UNAUTHENTICATED.withDescription("more than one API key");

	static final Status THROTTLED = Status.RESOURCE_EXHAUSTED
		.withDescription("too many failed authentication attempts, retry later");

	private final Metadata.Key<String> header;

	private final MethodAccessRules rules;

	private final ApiKeyAuthenticator authenticator;

	private final CallLimiter limiter;

	private final FailedAttemptThrottle throttle;

	private final ApiKeyUsageRecorder usage;

	private final CallPrincipalBinder binder;

	private final ClientAddressResolver addresses;

	/**
	 * An interceptor.
	 * @param headerName the header carrying the key, for example {@code x-api-key}
	 * @param rules which methods allow anonymous calls
	 * @param authenticator verifies keys
	 * @param limiter per-key rate limits and quotas
	 * @param throttle per-address failed-attempt limits
	 * @param usage counts calls per key
	 * @param binder makes the principal visible to service code
	 * @param addresses finds the client address failed attempts are counted against
	 */
	public ApiKeyAuthInterceptor(String headerName, MethodAccessRules rules, ApiKeyAuthenticator authenticator,
			CallLimiter limiter, FailedAttemptThrottle throttle, ApiKeyUsageRecorder usage,
			CallPrincipalBinder binder, ClientAddressResolver addresses) {
		this.header = Metadata.Key.of(headerName, Metadata.ASCII_STRING_MARSHALLER);
		this.rules = rules;
		this.authenticator = authenticator;
		this.limiter = limiter;
		this.throttle = throttle;
		this.usage = usage;
		this.binder = binder;
		this.addresses = addresses;
	}

	@Override
	public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next) {
		String method = call.getMethodDescriptor().getFullMethodName();
		Iterable<String> values = headers.getAll(this.header);
		String presented = null;
		if (values != null) {
			Iterator<String> each = values.iterator();
			presented = each.next();
			if (each.hasNext()) {
				// Which of several keys would count is the client's guess: none does.
				return refuseUnauthenticated(call, DUPLICATE);
			}
		}
		if (presented == null || presented.isEmpty()) {
			return this.rules.allowsAnonymous(method) ? next.startCall(call, headers)
					: refuseUnauthenticated(call, MISSING);
		}
		String address = String.valueOf(this.addresses.resolve(call, headers));
		ApiKeyAuthenticator.Outcome outcome = this.authenticator.authenticateFromMemory(presented);
		if (!(outcome instanceof ApiKeyAuthenticator.Authenticated)) {
			// Taken before verification and given back on success, so concurrent guesses cannot
			// all pass a check made before any of them failed.
			FailedAttemptThrottle.Attempt attempt = this.throttle.tryAttempt(address);
			if (!attempt.allowed()) {
				markRefusedBeforeAuthentication();
				return reject(call, throttled(attempt.retryAfter()));
			}
			if (outcome == null) {
				outcome = this.authenticator.authenticate(presented);
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
			return reject(call, rejected.status());
		}
		ApiKeyAuthenticator.Authenticated authenticated = (ApiKeyAuthenticator.Authenticated) outcome;
		VerifiedApiKey key = authenticated.key();
		if (request != null) {
			request.recordCaller(authenticated.principal().name(), (key != null) ? key.id() : null);
		}
		if (key != null) {
			if (!MethodAccessRules.scopesAllow(key.scopes(), method)) {
				return reject(call,
						Status.PERMISSION_DENIED.withDescription("API key is not allowed to call " + method));
			}
			// Rate limits and quota (core.ratelimit): refusals carry google.rpc details, every
			// call with a limited key the ratelimit-* headers.
			Allowance allowance = this.limiter.tryAcquire(key.id(), key.limits(), key.limitsVersion());
			if (!allowance.granted()) {
				RateLimitResponses.refuse(call, allowance, key.id());
				return new ServerCall.Listener<>() {
				};
			}
			this.usage.record(key.id());
			return this.binder.startCall(authenticated.principal(), RateLimitResponses.withHeaders(call, allowance),
					headers, next);
		}
		return this.binder.startCall(authenticated.principal(), call, headers, next);
	}

	private static <Q, R> ServerCall.Listener<Q> refuseUnauthenticated(ServerCall<Q, R> call, Status status) {
		markRefusedBeforeAuthentication();
		return reject(call, status);
	}

	/**
	 * The request log keeps only a budget of rows per address for calls refused before any
	 * caller was authenticated (what a flood of guesses or keyless calls consists of); a
	 * refusal that is the server's fault ({@code UNAVAILABLE}) or that follows a verified
	 * key is always logged.
	 */
	private static void markRefusedBeforeAuthentication() {
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

	private static <Q, R> ServerCall.Listener<Q> reject(ServerCall<Q, R> call, Status status) {
		return reject(call, status, new Metadata());
	}

	private static <Q, R> ServerCall.Listener<Q> reject(ServerCall<Q, R> call, StatusException refusal) {
		Metadata trailers = refusal.getTrailers();
		return reject(call, refusal.getStatus(), (trailers != null) ? trailers : new Metadata());
	}

	private static <Q, R> ServerCall.Listener<Q> reject(ServerCall<Q, R> call, Status status, Metadata trailers) {
		call.close(status, trailers);
		return new ServerCall.Listener<>() {
		};
	}

}
