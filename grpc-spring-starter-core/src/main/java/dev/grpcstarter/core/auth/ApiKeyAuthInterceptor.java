package dev.grpcstarter.core.auth;

import java.util.Iterator;

import dev.grpcstarter.core.apikey.ApiKeyUsageRecorder;
import dev.grpcstarter.core.call.ClientAddressResolver;
import dev.grpcstarter.core.ratelimit.Allowance;
import dev.grpcstarter.core.ratelimit.CallLimiter;
import dev.grpcstarter.core.ratelimit.RateLimitResponses;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

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

	private final Metadata.Key<String> header;

	private final MethodAccessRules rules;

	private final ApiKeyAdmission admission;

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
		this.admission = new ApiKeyAdmission(authenticator, limiter, throttle, usage);
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
		ApiKeyAdmission.Decision decision = this.admission.admit(presented, method,
				this.addresses.resolve(call, headers));
		if (decision instanceof ApiKeyAdmission.Refused refused) {
			return reject(call, refused.status(), refused.trailers());
		}
		ApiKeyAdmission.Admitted admitted = (ApiKeyAdmission.Admitted) decision;
		Allowance allowance = admitted.allowance();
		return this.binder.startCall(admitted.principal(),
				(allowance != null) ? RateLimitResponses.withHeaders(call, allowance) : call, headers, next);
	}

	private static <Q, R> ServerCall.Listener<Q> refuseUnauthenticated(ServerCall<Q, R> call, Status status) {
		ApiKeyAdmission.markRefusedBeforeAuthentication();
		return reject(call, status);
	}

	private static <Q, R> ServerCall.Listener<Q> reject(ServerCall<Q, R> call, Status status) {
		return reject(call, status, new Metadata());
	}

	private static <Q, R> ServerCall.Listener<Q> reject(ServerCall<Q, R> call, Status status, Metadata trailers) {
		call.close(status, trailers);
		return new ServerCall.Listener<>() {
		};
	}

}
