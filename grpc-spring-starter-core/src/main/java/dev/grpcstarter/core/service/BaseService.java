package dev.grpcstarter.core.service;

import java.util.Optional;

import dev.grpcstarter.core.call.GrpcPrincipal;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Helpers for service implementations. A service extends its generated {@code ImplBase}
 * and implements this interface:
 *
 * <pre class="code">
 * &#64;GrpcService
 * class BookService extends BookServiceGrpc.BookServiceImplBase implements BaseService {
 *     public void getBook(GetBookRequest request, StreamObserver&lt;Book&gt; responses) {
 *         Book book = books.findById(request.getId())
 *             .orElseThrow(() -&gt; abortNotFound("no book " + request.getId()));
 *         ...
 *     }
 * }
 * </pre>
 *
 * <p>Every {@code abortXxx} method throws a {@link StatusRuntimeException} and never
 * returns; the return type lets callers write {@code throw abortNotFound(..)} where the
 * compiler needs to see that control ends. The pipeline turns the exception into the
 * call's status, in unary and streaming methods alike (from the method itself or from a
 * request observer's {@code onNext}). The description reaches the client as written.
 *
 * <p>The principal helpers read the caller from the call's context, never from the
 * service instance, which all calls share.
 */
public interface BaseService {

	/**
	 * The authenticated caller of the current call.
	 * @return the principal, or empty for an anonymous call
	 */
	default Optional<GrpcPrincipal> currentPrincipal() {
		return Optional.ofNullable(GrpcPrincipal.current());
	}

	/**
	 * The caller, who must be authenticated.
	 * @return the principal
	 * @throws StatusRuntimeException {@code UNAUTHENTICATED} for an anonymous call
	 */
	default GrpcPrincipal requireUser() {
		return currentPrincipal().orElseThrow(() -> abortUnauthenticated("authentication required"));
	}

	/**
	 * The caller, who must be staff (or superuser).
	 * @return the principal
	 * @throws StatusRuntimeException {@code UNAUTHENTICATED} or {@code PERMISSION_DENIED}
	 */
	default GrpcPrincipal requireStaff() {
		GrpcPrincipal principal = requireUser();
		if (!principal.staff()) {
			throw abortPermissionDenied("staff only");
		}
		return principal;
	}

	/**
	 * The caller, who must be a superuser.
	 * @return the principal
	 * @throws StatusRuntimeException {@code UNAUTHENTICATED} or {@code PERMISSION_DENIED}
	 */
	default GrpcPrincipal requireSuperuser() {
		GrpcPrincipal principal = requireUser();
		if (!principal.superuser()) {
			throw abortPermissionDenied("superuser only");
		}
		return principal;
	}

	/**
	 * Whether the caller holds an authority; superusers hold all.
	 * @param authority the authority, for example {@code books.write}
	 * @return whether it is held; {@code false} for an anonymous call
	 */
	default boolean hasPermission(String authority) {
		return currentPrincipal().map((principal) -> principal.hasAuthority(authority)).orElse(false);
	}

	/**
	 * Requires the caller to hold an authority.
	 * @param authority the authority
	 * @throws StatusRuntimeException {@code UNAUTHENTICATED} or {@code PERMISSION_DENIED}
	 */
	default void requirePermission(String authority) {
		if (!requireUser().hasAuthority(authority)) {
			throw abortPermissionDenied("missing permission " + authority);
		}
	}

	/**
	 * Ends the call with the given code.
	 * @param code the status code
	 * @param description the description sent to the client
	 * @return never returns normally
	 */
	default StatusRuntimeException abort(Status.Code code, String description) {
		throw Status.fromCode(code).withDescription(description).asRuntimeException();
	}

	/**
	 * Ends the call with {@code NOT_FOUND}.
	 * @param description the description sent to the client
	 * @return never returns normally
	 */
	default StatusRuntimeException abortNotFound(String description) {
		throw abort(Status.Code.NOT_FOUND, description);
	}

	/**
	 * Ends the call with {@code INVALID_ARGUMENT}.
	 * @param description the description sent to the client
	 * @return never returns normally
	 */
	default StatusRuntimeException abortInvalidArgument(String description) {
		throw abort(Status.Code.INVALID_ARGUMENT, description);
	}

	/**
	 * Ends the call with {@code PERMISSION_DENIED}.
	 * @param description the description sent to the client
	 * @return never returns normally
	 */
	default StatusRuntimeException abortPermissionDenied(String description) {
		throw abort(Status.Code.PERMISSION_DENIED, description);
	}

	/**
	 * Ends the call with {@code UNAUTHENTICATED}.
	 * @param description the description sent to the client
	 * @return never returns normally
	 */
	default StatusRuntimeException abortUnauthenticated(String description) {
		throw abort(Status.Code.UNAUTHENTICATED, description);
	}

	/**
	 * Ends the call with {@code FAILED_PRECONDITION}.
	 * @param description the description sent to the client
	 * @return never returns normally
	 */
	default StatusRuntimeException abortFailedPrecondition(String description) {
		throw abort(Status.Code.FAILED_PRECONDITION, description);
	}

	/**
	 * Ends the call with {@code ALREADY_EXISTS}.
	 * @param description the description sent to the client
	 * @return never returns normally
	 */
	default StatusRuntimeException abortAlreadyExists(String description) {
		throw abort(Status.Code.ALREADY_EXISTS, description);
	}

	/**
	 * Ends the call with {@code RESOURCE_EXHAUSTED}.
	 * @param description the description sent to the client
	 * @return never returns normally
	 */
	default StatusRuntimeException abortResourceExhausted(String description) {
		throw abort(Status.Code.RESOURCE_EXHAUSTED, description);
	}

	/**
	 * Ends the call with {@code UNAVAILABLE}.
	 * @param description the description sent to the client
	 * @return never returns normally
	 */
	default StatusRuntimeException abortUnavailable(String description) {
		throw abort(Status.Code.UNAVAILABLE, description);
	}

	/**
	 * Ends the call with {@code UNIMPLEMENTED}.
	 * @param description the description sent to the client
	 * @return never returns normally
	 */
	default StatusRuntimeException abortUnimplemented(String description) {
		throw abort(Status.Code.UNIMPLEMENTED, description);
	}

}
