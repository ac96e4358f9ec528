package dev.grpcstarter.core.ratelimit;

import java.time.Duration;
import java.util.Objects;

import com.google.protobuf.Any;
import com.google.rpc.QuotaFailure;
import com.google.rpc.RetryInfo;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;

/**
 * What callers see of their limits. Calls with a limited key carry the IETF RateLimit
 * fields as headers ({@code ratelimit-limit}, {@code ratelimit-remaining},
 * {@code ratelimit-reset} in seconds) for their most constraining limit; refused calls get
 * {@code RESOURCE_EXHAUSTED} with {@code google.rpc} details in {@code grpc-status-details-bin}
 * that any gRPC client can read: {@code RetryInfo} for a rate limit, {@code QuotaFailure}
 * and {@code RetryInfo} for a used-up quota.
 */
public final class RateLimitResponses {

	/** The calls the most constraining limit allows per its period. */
	public static final Metadata.Key<String> LIMIT = Metadata.Key.of("ratelimit-limit",
			Metadata.ASCII_STRING_MARSHALLER);

	/** The calls left of the most constraining limit. */
	public static final Metadata.Key<String> REMAINING = Metadata.Key.of("ratelimit-remaining",
			Metadata.ASCII_STRING_MARSHALLER);

	/** Seconds until the most constraining limit is whole again if unused. */
	public static final Metadata.Key<String> RESET = Metadata.Key.of("ratelimit-reset",
			Metadata.ASCII_STRING_MARSHALLER);

	/** The description of a call refused by a rate limit. */
	public static final String RATE_LIMITED = "API key rate limit exceeded";

	/** The description of a call refused because the quota is used up. */
	public static final String QUOTA_EXHAUSTED = "API key quota exhausted";

	private RateLimitResponses() {
	}

	/**
	 * The call, adding the rate-limit headers of a granted call to its response.
	 * @param <Q> the request type
	 * @param <R> the response type
	 * @param call the call
	 * @param allowance what {@link CallLimiter#tryAcquire} answered
	 * @return the call itself when the caller has no limit, else a call adding the headers
	 */
	public static <Q, R> ServerCall<Q, R> withHeaders(ServerCall<Q, R> call, Allowance allowance) {
		LimitState state = allowance.state();
		return (state != null) ? new HeaderAddingCall<>(call, state) : call;
	}

	/**
	 * Closes a refused call with {@code RESOURCE_EXHAUSTED}, its details and the rate-limit
	 * fields.
	 * @param call the call
	 * @param allowance the refusal
	 * @param keyId the key, named in a quota failure
	 */
	public static void refuse(ServerCall<?, ?> call, Allowance allowance, long keyId) {
		StatusException refusal = refusalWithFields(allowance, keyId);
		call.close(refusal.getStatus(), Objects.requireNonNull(refusal.getTrailers()));
	}

	/**
	 * The refusal of a call: {@code RESOURCE_EXHAUSTED} with its details and, in its
	 * trailers, the rate-limit fields.
	 * @param allowance the refusal
	 * @param keyId the key, named in a quota failure
	 * @return the status and trailers to close the call with
	 */
	public static StatusException refusalWithFields(Allowance allowance, long keyId) {
		StatusException refusal = refusal(allowance, keyId);
		Metadata trailers = refusal.getTrailers();
		LimitState state = allowance.state();
		if (trailers == null) {
			trailers = new Metadata();
		}
		if (state != null) {
			addFields(trailers, state);
		}
		return new StatusException(refusal.getStatus(), trailers);
	}

	static StatusException refusal(Allowance allowance, long keyId) {
		com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
			.setCode(Status.Code.RESOURCE_EXHAUSTED.value());
		if (allowance instanceof Allowance.QuotaExhausted exhausted) {
			status.setMessage(QUOTA_EXHAUSTED)
				.addDetails(Any.pack(QuotaFailure.newBuilder()
					.addViolations(QuotaFailure.Violation.newBuilder()
						.setSubject("api-key:" + keyId)
						.setDescription("quota of " + exhausted.quota().calls() + " calls per "
								+ CallsPerPeriod.formatPeriod(exhausted.quota().period())
								+ " used up; it refills in " + exhausted.state().resetSeconds() + " s"))
					.build()))
				.addDetails(Any.pack(retryInfo(exhausted.retryAfter())));
		}
		else if (allowance instanceof Allowance.RateLimited limited) {
			status.setMessage(RATE_LIMITED).addDetails(Any.pack(retryInfo(limited.retryAfter())));
		}
		else {
			throw new IllegalArgumentException("not a refusal: " + allowance);
		}
		return StatusProto.toStatusException(status.build());
	}

	private static RetryInfo retryInfo(Duration delay) {
		return RetryInfo.newBuilder()
			.setRetryDelay(com.google.protobuf.Duration.newBuilder()
				.setSeconds(delay.getSeconds())
				.setNanos(delay.getNano()))
			.build();
	}

	private static void addFields(Metadata metadata, LimitState state) {
		metadata.put(LIMIT, Long.toString(state.limit()));
		metadata.put(REMAINING, Long.toString(state.remaining()));
		metadata.put(RESET, Long.toString(state.resetSeconds()));
	}

	private static final class HeaderAddingCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {

		private final LimitState state;

		private boolean headersSent;

		HeaderAddingCall(ServerCall<Q, R> call, LimitState state) {
			super(call);
			this.state = state;
		}

		@Override
		public void sendHeaders(Metadata headers) {
			addFields(headers, this.state);
			this.headersSent = true;
			super.sendHeaders(headers);
		}

		@Override
		public void close(Status status, Metadata trailers) {
			// A call that fails before its first response sends trailers only: the fields go there.
			if (!this.headersSent) {
				addFields(trailers, this.state);
			}
			super.close(status, trailers);
		}

	}

}
