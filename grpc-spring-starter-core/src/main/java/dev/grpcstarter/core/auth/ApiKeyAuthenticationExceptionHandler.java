package dev.grpcstarter.core.auth;

import io.grpc.StatusException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;

/**
 * Closes a call refused by the API-key mechanism inside Spring gRPC's security with the
 * refusal's own status and trailers; ordered before Spring gRPC's security handler, which
 * would answer every {@code AuthenticationException} with "Authentication failed".
 */
public final class ApiKeyAuthenticationExceptionHandler implements GrpcExceptionHandler, Ordered {

	@Override
	public @Nullable StatusException handleException(Throwable exception) {
		return (exception instanceof ApiKeyAuthenticationException refusal) ? refusal.toStatusException() : null;
	}

	/** @return {@link Ordered#HIGHEST_PRECEDENCE}: the refusal is the starter's own */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
