package dev.grpcstarter.core.requestlog;

import java.time.Instant;

import dev.grpcstarter.core.call.CallTransport;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.jspecify.annotations.Nullable;

/**
 * A row of {@code grpc_request_log} for reading with JPA ({@link RequestLogRepository}).
 * Read-only: rows are written in batches by {@link RequestLogWriter} (JDBC, or
 * PostgreSQL's {@code COPY}), never through this entity, and Hibernate ignores changes to
 * it.
 *
 * <p>The id alone is the entity's identity: ids come from the table's identity sequence and
 * are unique on their own, also where the table is partitioned by time with a primary key
 * of id and start time.
 */
@Entity
@Immutable
@Table(name = "grpc_request_log")
public class RequestLogRow {

	@Id
	@Column(name = "id")
	private long id;

	@Column(name = "request_id", nullable = false, length = 64)
	private String requestId;

	@Column(name = "instance_id", nullable = false, length = 200)
	private String instanceId;

	@Column(name = "service", nullable = false, length = 200)
	private String service;

	@Column(name = "method", nullable = false, length = 200)
	private String method;

	@Column(name = "call_type", nullable = false, length = 20)
	private String callType;

	@Convert(converter = RequestStatusConverter.class)
	@Column(name = "status", nullable = false, length = 16)
	private RequestStatus status;

	@Column(name = "grpc_code", nullable = false, length = 32)
	private String grpcCode;

	@Column(name = "error_message", length = 1000)
	private @Nullable String errorMessage;

	@Column(name = "duration_us", nullable = false)
	private long durationMicros;

	@Column(name = "api_key_id")
	private @Nullable Long apiKeyId;

	@Column(name = "principal", length = 150)
	private @Nullable String principal;

	@Column(name = "authenticated", nullable = false)
	private boolean authenticated;

	@Column(name = "auth_mechanism", length = 32)
	private @Nullable String authMechanism;

	@Column(name = "client_ip", length = 64)
	private @Nullable String clientIp;

	@Column(name = "user_agent", length = 300)
	private @Nullable String userAgent;

	@Column(name = "messages_in", nullable = false)
	private int messagesIn;

	@Column(name = "messages_out", nullable = false)
	private int messagesOut;

	@Column(name = "bytes_in", nullable = false)
	private long bytesIn;

	@Column(name = "bytes_out", nullable = false)
	private long bytesOut;

	@Column(name = "started_at", nullable = false)
	private Instant startedAt;

	@Column(name = "calls", nullable = false)
	private long calls;

	@Column(name = "transport", length = 16)
	private @Nullable String transport;

	@Column(name = "trace_id", length = 64)
	private @Nullable String traceId;

	@Column(name = "span_id", length = 32)
	private @Nullable String spanId;

	@Column(name = "explorer_user", length = 150)
	private @Nullable String explorerUser;

	@SuppressWarnings("NullAway.Init")
	protected RequestLogRow() {
		// for JPA
	}

	/**
	 * The same row as the starter's own readers return it.
	 * @return the entry
	 */
	public RequestLogEntry toEntry() {
		return new RequestLogEntry(this.id, this.requestId, this.instanceId, this.service, this.method, this.callType,
				this.status, this.grpcCode, this.errorMessage, this.durationMicros, this.apiKeyId, this.principal,
				this.authenticated, this.authMechanism, this.clientIp, this.userAgent, this.messagesIn,
				this.messagesOut, this.bytesIn, this.bytesOut, this.startedAt, this.calls,
				CallTransport.fromColumn(this.transport), this.traceId, this.spanId, this.explorerUser);
	}

	/** @return the row id */
	public long getId() {
		return this.id;
	}

	/** @return the {@code x-request-id} of the call */
	public String getRequestId() {
		return this.requestId;
	}

	/** @return the server instance that answered */
	public String getInstanceId() {
		return this.instanceId;
	}

	/** @return the full service name */
	public String getService() {
		return this.service;
	}

	/** @return the method name */
	public String getMethod() {
		return this.method;
	}

	/** @return {@code service/method} */
	public String getFullMethodName() {
		return this.service + "/" + this.method;
	}

	/** @return unary, server-streaming, client-streaming or bidi-streaming */
	public String getCallType() {
		return this.callType;
	}

	/** @return how the call ended */
	public RequestStatus getStatus() {
		return this.status;
	}

	/** @return the final gRPC code, for example {@code NOT_FOUND} */
	public String getGrpcCode() {
		return this.grpcCode;
	}

	/** @return the status description of a failed call, truncated */
	public @Nullable String getErrorMessage() {
		return this.errorMessage;
	}

	/** @return the call's duration in microseconds */
	public long getDurationMicros() {
		return this.durationMicros;
	}

	/** @return the API key used, when a key authenticated the call */
	public @Nullable Long getApiKeyId() {
		return this.apiKeyId;
	}

	/** @return the authenticated principal */
	public @Nullable String getPrincipal() {
		return this.principal;
	}

	/** @return whether the call was authenticated */
	public boolean isAuthenticated() {
		return this.authenticated;
	}

	/** @return the client address */
	public @Nullable String getClientIp() {
		return this.clientIp;
	}

	/** @return the client's {@code user-agent} */
	public @Nullable String getUserAgent() {
		return this.userAgent;
	}

	/** @return request messages received */
	public int getMessagesIn() {
		return this.messagesIn;
	}

	/** @return response messages sent */
	public int getMessagesOut() {
		return this.messagesOut;
	}

	/** @return serialized size of the request messages */
	public long getBytesIn() {
		return this.bytesIn;
	}

	/** @return serialized size of the response messages */
	public long getBytesOut() {
		return this.bytesOut;
	}

	/** @return when the call started */
	public Instant getStartedAt() {
		return this.startedAt;
	}

	/** @return the trace the call ran in, when Micrometer Tracing was on */
	public @Nullable String getTraceId() {
		return this.traceId;
	}

	/** @return the call's server span, when Micrometer Tracing was on */
	public @Nullable String getSpanId() {
		return this.spanId;
	}

	/** @return the admin user who made the call from the admin's explorer, {@code null} for other calls */
	public @Nullable String getExplorerUser() {
		return this.explorerUser;
	}

	/** @return the mechanism that authenticated the call ({@code api-key}, {@code bearer}, ...) */
	public @Nullable String getAuthMechanism() {
		return this.authMechanism;
	}

	/** @return the calls the row stands for: 1, or the calls a summary row counts */
	public long getCalls() {
		return this.calls;
	}

	/** @return how the call reached the server */
	public CallTransport getTransport() {
		return CallTransport.fromColumn(this.transport);
	}

	@Override
	public String toString() {
		return "RequestLogRow[id=" + this.id + ", " + getFullMethodName() + ", " + this.grpcCode + "]";
	}

}
