package dev.grpcstarter.core.auth;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import org.springframework.security.core.AuthenticationException;

/**
 * The refusal of a call presenting an API key, with the exact status the starter closes
 * such calls with (rather than Spring gRPC's generic "Authentication failed"): an invalid,
 * expired or revoked key, a throttled address, a key outside its scopes, over its rate
 * limit or quota, or a database that cannot answer.
 * {@link ApiKeyAuthenticationExceptionHandler} turns it into the call's status.
 */
public final class ApiKeyAuthenticationException extends AuthenticationException {

	private static final long serialVersionUID = 1L;

	private final transient Status status;

	private final transient Metadata trailers;

	/**
	 * A refusal.
	 * @param status the status to close the call with
	 * @param trailers its trailers ({@code google.rpc} details, rate-limit fields)
	 */
	public ApiKeyAuthenticationException(Status status, Metadata trailers) {
		super(String.valueOf(status.getDescription()));
		this.status = status;
		this.trailers = trailers;
	}

	/**
	 * The refusal as the call's status.
	 * @return the status and trailers
	 */
	public StatusException toStatusException() {
		return new StatusException(this.status, this.trailers);
	}

}
