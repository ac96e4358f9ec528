package dev.grpcstarter.core.requestlog;

import java.time.Duration;
import java.time.Instant;

import dev.grpcstarter.core.call.CallTransport;
import org.jspecify.annotations.Nullable;

/**
 * Which request-log rows to find; every part is optional.
 *
 * @param from rows started at or after
 * @param to rows started before
 * @param service the full service name
 * @param method the method name
 * @param status how the call ended
 * @param grpcCode the final gRPC code, for example {@code NOT_FOUND}
 * @param apiKeyId the API key used
 * @param principal the authenticated principal
 * @param minDuration rows that took at least this long
 * @param transport how the calls reached the server
 */
public record RequestLogFilter(@Nullable Instant from, @Nullable Instant to, @Nullable String service,
		@Nullable String method, @Nullable RequestStatus status, @Nullable String grpcCode, @Nullable Long apiKeyId,
		@Nullable String principal, @Nullable Duration minDuration, @Nullable CallTransport transport) {

	/**
	 * A filter on every transport.
	 * @param from rows started at or after
	 * @param to rows started before
	 * @param service the full service name
	 * @param method the method name
	 * @param status how the call ended
	 * @param grpcCode the final gRPC code
	 * @param apiKeyId the API key used
	 * @param principal the authenticated principal
	 * @param minDuration rows that took at least this long
	 */
	public RequestLogFilter(@Nullable Instant from, @Nullable Instant to, @Nullable String service,
			@Nullable String method, @Nullable RequestStatus status, @Nullable String grpcCode,
			@Nullable Long apiKeyId, @Nullable String principal, @Nullable Duration minDuration) {
		this(from, to, service, method, status, grpcCode, apiKeyId, principal, minDuration, null);
	}

	/** A filter matching every row. */
	public static final RequestLogFilter ALL = new RequestLogFilter(null, null, null, null, null, null, null, null,
			null);

	/**
	 * Only the rows of one API key.
	 * @param apiKeyId the key
	 * @return the filter
	 */
	public static RequestLogFilter forApiKey(long apiKeyId) {
		return new RequestLogFilter(null, null, null, null, null, null, apiKeyId, null, null);
	}

}
