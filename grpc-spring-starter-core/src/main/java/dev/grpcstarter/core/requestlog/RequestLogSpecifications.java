package dev.grpcstarter.core.requestlog;

import java.time.Duration;
import java.time.Instant;

import org.springframework.data.jpa.domain.Specification;

/**
 * Conditions on request-log rows for {@link RequestLogRepository}'s specification
 * finders, to combine with {@code and}/{@code or}, for example
 * {@code failed().and(ofService("bookstore.v1.BookService")).and(startedAtOrAfter(since))}.
 */
public final class RequestLogSpecifications {

	private RequestLogSpecifications() {
	}

	/** @return calls that did not succeed: error, cancelled or timeout */
	public static Specification<RequestLogRow> failed() {
		return (row, query, cb) -> cb.notEqual(row.get("status"), RequestStatus.SUCCESS);
	}

	/**
	 * @param status how the call ended
	 * @return calls that ended so
	 */
	public static Specification<RequestLogRow> withStatus(RequestStatus status) {
		return (row, query, cb) -> cb.equal(row.get("status"), status);
	}

	/**
	 * @param grpcCode a gRPC code, for example {@code NOT_FOUND}
	 * @return calls that ended with it
	 */
	public static Specification<RequestLogRow> withGrpcCode(String grpcCode) {
		return (row, query, cb) -> cb.equal(row.get("grpcCode"), grpcCode);
	}

	/**
	 * @param apiKeyId an API key's id
	 * @return calls authenticated by that key
	 */
	public static Specification<RequestLogRow> ofApiKey(long apiKeyId) {
		return (row, query, cb) -> cb.equal(row.get("apiKeyId"), apiKeyId);
	}

	/**
	 * @param principal a principal name
	 * @return calls of that principal
	 */
	public static Specification<RequestLogRow> ofPrincipal(String principal) {
		return (row, query, cb) -> cb.equal(row.get("principal"), principal);
	}

	/**
	 * @param traceId a trace id, as Micrometer Tracing writes it
	 * @return calls of that trace
	 */
	public static Specification<RequestLogRow> ofTrace(String traceId) {
		return (row, query, cb) -> cb.equal(row.get("traceId"), traceId);
	}

	/**
	 * @param service a full service name
	 * @return calls of any method of it
	 */
	public static Specification<RequestLogRow> ofService(String service) {
		return (row, query, cb) -> cb.equal(row.get("service"), service);
	}

	/**
	 * @param fullMethodName {@code package.Service/Method}
	 * @return calls of that method
	 */
	public static Specification<RequestLogRow> ofMethod(String fullMethodName) {
		int slash = fullMethodName.lastIndexOf('/');
		if (slash <= 0) {
			throw new IllegalArgumentException("Expected package.Service/Method: " + fullMethodName);
		}
		String service = fullMethodName.substring(0, slash);
		String method = fullMethodName.substring(slash + 1);
		return (row, query, cb) -> cb.and(cb.equal(row.get("service"), service), cb.equal(row.get("method"), method));
	}

	/**
	 * @param time a time
	 * @return calls started at or after it
	 */
	public static Specification<RequestLogRow> startedAtOrAfter(Instant time) {
		return (row, query, cb) -> cb.greaterThanOrEqualTo(row.get("startedAt"), time);
	}

	/**
	 * @param time a time
	 * @return calls started before it
	 */
	public static Specification<RequestLogRow> startedBefore(Instant time) {
		return (row, query, cb) -> cb.lessThan(row.get("startedAt"), time);
	}

	/**
	 * @param duration a duration
	 * @return calls that took at least as long
	 */
	public static Specification<RequestLogRow> tookAtLeast(Duration duration) {
		long micros = duration.toNanos() / 1000;
		return (row, query, cb) -> cb.greaterThanOrEqualTo(row.get("durationMicros"), micros);
	}

}
