package dev.grpcstarter.core.requestlog;

import java.time.Instant;

import dev.grpcstarter.core.call.CallTransport;
import org.jspecify.annotations.Nullable;

/**
 * One row of the request log: one call, as the client finally saw it.
 *
 * @param id the row id, {@code null} before the row is written
 * @param requestId the {@code x-request-id} of the call
 * @param instanceId the server instance that answered
 * @param service the full service name
 * @param method the method name
 * @param callType unary, server-streaming, client-streaming or bidi-streaming
 * @param status how the call ended
 * @param grpcCode the final gRPC code, for example {@code NOT_FOUND}
 * @param errorMessage the status description of a failed call, truncated; never a stack
 * trace
 * @param durationMicros the time from the start of the call to its close
 * @param apiKeyId the API key used, when the call was authenticated by one
 * @param principal the authenticated principal
 * @param authenticated whether the call was authenticated
 * @param authMechanism the mechanism that authenticated the call ({@code api-key},
 * {@code bearer}, {@code x509}, ...), {@code null} for an anonymous or refused call
 * @param clientIp the client address
 * @param userAgent the client's {@code user-agent}
 * @param messagesIn request messages received
 * @param messagesOut response messages sent
 * @param bytesIn serialized size of the request messages
 * @param bytesOut serialized size of the response messages
 * @param startedAt when the call started, in microseconds; with the request and instance
 * ids it identifies the row
 * @param calls the calls the row stands for: 1 for a call's own row; for a summary row
 * ({@link RejectedCallRowBudget#SUMMARY_CALL_TYPE}) the rejected calls it counts that were
 * left out of the log
 * @param transport how the call reached the server
 * @param traceId the trace the call ran in, when Micrometer Tracing is on
 * @param spanId the call's server span, when Micrometer Tracing is on
 * @param explorerUser the admin user who made the call from the admin's explorer,
 * {@code null} for every other call (see {@link ExplorerCallTickets})
 */
public record RequestLogEntry(@Nullable Long id, String requestId, String instanceId, String service, String method,
		String callType, RequestStatus status, String grpcCode, @Nullable String errorMessage, long durationMicros,
		@Nullable Long apiKeyId, @Nullable String principal, boolean authenticated, @Nullable String authMechanism,
		@Nullable String clientIp, @Nullable String userAgent, int messagesIn, int messagesOut, long bytesIn,
		long bytesOut, Instant startedAt, long calls, CallTransport transport, @Nullable String traceId,
		@Nullable String spanId, @Nullable String explorerUser) {

	/**
	 * A row of a call not made from the admin's explorer.
	 * @param id the row id, {@code null} before the row is written
	 * @param requestId the {@code x-request-id} of the call
	 * @param instanceId the server instance that answered
	 * @param service the full service name
	 * @param method the method name
	 * @param callType unary, server-streaming, client-streaming or bidi-streaming
	 * @param status how the call ended
	 * @param grpcCode the final gRPC code
	 * @param errorMessage the status description of a failed call, truncated
	 * @param durationMicros the time from the start of the call to its close
	 * @param apiKeyId the API key used
	 * @param principal the authenticated principal
	 * @param authenticated whether the call was authenticated
	 * @param authMechanism the mechanism that authenticated the call
	 * @param clientIp the client address
	 * @param userAgent the client's {@code user-agent}
	 * @param messagesIn request messages received
	 * @param messagesOut response messages sent
	 * @param bytesIn serialized size of the request messages
	 * @param bytesOut serialized size of the response messages
	 * @param startedAt when the call started, in microseconds
	 * @param calls the calls the row stands for
	 * @param transport how the call reached the server
	 * @param traceId the trace the call ran in
	 * @param spanId the call's server span
	 */
	public RequestLogEntry(@Nullable Long id, String requestId, String instanceId, String service, String method,
			String callType, RequestStatus status, String grpcCode, @Nullable String errorMessage,
			long durationMicros, @Nullable Long apiKeyId, @Nullable String principal, boolean authenticated,
			@Nullable String authMechanism, @Nullable String clientIp, @Nullable String userAgent, int messagesIn,
			int messagesOut, long bytesIn, long bytesOut, Instant startedAt, long calls, CallTransport transport,
			@Nullable String traceId, @Nullable String spanId) {
		this(id, requestId, instanceId, service, method, callType, status, grpcCode, errorMessage, durationMicros,
				apiKeyId, principal, authenticated, authMechanism, clientIp, userAgent, messagesIn, messagesOut,
				bytesIn, bytesOut, startedAt, calls, transport, traceId, spanId, null);
	}

	/**
	 * A row without trace ids.
	 * @param id the row id, {@code null} before the row is written
	 * @param requestId the {@code x-request-id} of the call
	 * @param instanceId the server instance that answered
	 * @param service the full service name
	 * @param method the method name
	 * @param callType unary, server-streaming, client-streaming or bidi-streaming
	 * @param status how the call ended
	 * @param grpcCode the final gRPC code
	 * @param errorMessage the status description of a failed call, truncated
	 * @param durationMicros the time from the start of the call to its close
	 * @param apiKeyId the API key used
	 * @param principal the authenticated principal
	 * @param authenticated whether the call was authenticated
	 * @param authMechanism the mechanism that authenticated the call
	 * @param clientIp the client address
	 * @param userAgent the client's {@code user-agent}
	 * @param messagesIn request messages received
	 * @param messagesOut response messages sent
	 * @param bytesIn serialized size of the request messages
	 * @param bytesOut serialized size of the response messages
	 * @param startedAt when the call started, in microseconds
	 * @param calls the calls the row stands for
	 * @param transport how the call reached the server
	 */
	public RequestLogEntry(@Nullable Long id, String requestId, String instanceId, String service, String method,
			String callType, RequestStatus status, String grpcCode, @Nullable String errorMessage,
			long durationMicros, @Nullable Long apiKeyId, @Nullable String principal, boolean authenticated,
			@Nullable String authMechanism, @Nullable String clientIp, @Nullable String userAgent, int messagesIn,
			int messagesOut, long bytesIn, long bytesOut, Instant startedAt, long calls, CallTransport transport) {
		this(id, requestId, instanceId, service, method, callType, status, grpcCode, errorMessage, durationMicros,
				apiKeyId, principal, authenticated, authMechanism, clientIp, userAgent, messagesIn, messagesOut,
				bytesIn, bytesOut, startedAt, calls, transport, null, null);
	}

	/**
	 * The row of one native gRPC call, without the authentication mechanism, as rows were
	 * before it was recorded.
	 * @param id the row id, {@code null} before the row is written
	 * @param requestId the {@code x-request-id} of the call
	 * @param instanceId the server instance that answered
	 * @param service the full service name
	 * @param method the method name
	 * @param callType unary, server-streaming, client-streaming or bidi-streaming
	 * @param status how the call ended
	 * @param grpcCode the final gRPC code
	 * @param errorMessage the status description of a failed call, truncated
	 * @param durationMicros the time from the start of the call to its close
	 * @param apiKeyId the API key used
	 * @param principal the authenticated principal
	 * @param authenticated whether the call was authenticated
	 * @param clientIp the client address
	 * @param userAgent the client's {@code user-agent}
	 * @param messagesIn request messages received
	 * @param messagesOut response messages sent
	 * @param bytesIn serialized size of the request messages
	 * @param bytesOut serialized size of the response messages
	 * @param startedAt when the call started, in microseconds
	 */
	public RequestLogEntry(@Nullable Long id, String requestId, String instanceId, String service, String method,
			String callType, RequestStatus status, String grpcCode, @Nullable String errorMessage,
			long durationMicros, @Nullable Long apiKeyId, @Nullable String principal, boolean authenticated,
			@Nullable String clientIp, @Nullable String userAgent, int messagesIn, int messagesOut, long bytesIn,
			long bytesOut, Instant startedAt) {
		this(id, requestId, instanceId, service, method, callType, status, grpcCode, errorMessage, durationMicros,
				apiKeyId, principal, authenticated, null, clientIp, userAgent, messagesIn, messagesOut, bytesIn,
				bytesOut, startedAt, 1, CallTransport.GRPC, null, null);
	}

	/** @return whether the row summarises rejected calls left out of the log instead of being one call's */
	public boolean isSummary() {
		return RejectedCallRowBudget.SUMMARY_CALL_TYPE.equals(this.callType);
	}

	/** @return {@code service/method} */
	public String fullMethodName() {
		return this.service + "/" + this.method;
	}

}
