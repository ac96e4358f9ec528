package dev.grpcstarter.core.requestlog;

import java.time.Instant;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.repository.Repository;

/**
 * Reads the request log with Spring Data JPA; combine {@link RequestLogSpecifications}
 * for anything else. Read-only: it offers no {@code save}.
 *
 * <p>The finders return a {@link Slice}, not a {@link Page}: a page's total would count the
 * matching rows of a table that grows with every call. {@link #findAll(Pageable)} and the
 * specification finders do count; ask for a {@link Slice} by passing
 * {@code Pageable.ofSize(n)} to a finder here, or bound the rows with a time range.
 */
public interface RequestLogRepository extends Repository<RequestLogRow, Long>, JpaSpecificationExecutor<RequestLogRow> {

	/**
	 * One row.
	 * @param id the row id
	 * @return the row, if there is one
	 */
	Optional<RequestLogRow> findById(long id);

	/**
	 * Every row, in the order the pageable asks for.
	 * @param pageable the page
	 * @return the page
	 */
	Page<RequestLogRow> findAll(Pageable pageable);

	/**
	 * The row of a request id (the newest, should a client reuse one).
	 * @param requestId the {@code x-request-id}
	 * @return the row, if there is one
	 */
	Optional<RequestLogRow> findFirstByRequestIdOrderByIdDesc(String requestId);

	/**
	 * Calls that did not end with the given status, newest first.
	 * @param status the status to leave out, {@link RequestStatus#SUCCESS} for failed calls
	 * @param pageable the page
	 * @return the rows
	 */
	Slice<RequestLogRow> findByStatusNotOrderByIdDesc(RequestStatus status, Pageable pageable);

	/**
	 * The calls that did not succeed (error, cancelled, timeout), newest first.
	 * @param pageable the page
	 * @return the rows
	 */
	default Slice<RequestLogRow> findRecentFailures(Pageable pageable) {
		return findByStatusNotOrderByIdDesc(RequestStatus.SUCCESS, pageable);
	}

	/**
	 * The calls of an API key, newest first.
	 * @param apiKeyId the key's id
	 * @param pageable the page
	 * @return the rows
	 */
	Slice<RequestLogRow> findByApiKeyIdOrderByIdDesc(long apiKeyId, Pageable pageable);

	/**
	 * The calls of a principal, newest first.
	 * @param principal the principal name
	 * @param pageable the page
	 * @return the rows
	 */
	Slice<RequestLogRow> findByPrincipalOrderByIdDesc(String principal, Pageable pageable);

	/**
	 * The slowest calls of a method that started at or after a time, slowest first.
	 * @param service the full service name
	 * @param method the method name
	 * @param since the earliest start
	 * @param pageable the page
	 * @return the rows
	 */
	Slice<RequestLogRow> findByServiceAndMethodAndStartedAtGreaterThanEqualOrderByDurationMicrosDesc(String service,
			String method, Instant since, Pageable pageable);

	/**
	 * The slowest calls of a method that started at or after a time, slowest first.
	 * @param fullMethodName {@code package.Service/Method}
	 * @param since the earliest start
	 * @param pageable the page
	 * @return the rows
	 */
	default Slice<RequestLogRow> findSlowestCalls(String fullMethodName, Instant since, Pageable pageable) {
		int slash = fullMethodName.lastIndexOf('/');
		if (slash <= 0) {
			throw new IllegalArgumentException("Expected package.Service/Method: " + fullMethodName);
		}
		return findByServiceAndMethodAndStartedAtGreaterThanEqualOrderByDurationMicrosDesc(
				fullMethodName.substring(0, slash), fullMethodName.substring(slash + 1), since, pageable);
	}

	/**
	 * The number of rows.
	 * @return the count
	 */
	long count();

}
