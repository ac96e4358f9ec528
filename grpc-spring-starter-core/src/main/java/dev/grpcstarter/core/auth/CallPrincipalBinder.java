package dev.grpcstarter.core.auth;

import dev.grpcstarter.core.call.GrpcPrincipal;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;

/**
 * Makes an authenticated principal visible to the service code of a call.
 */
@FunctionalInterface
public interface CallPrincipalBinder {

	/**
	 * Starts the rest of the call with the principal bound.
	 * @param <Q> the request type
	 * @param <R> the response type
	 * @param principal the principal
	 * @param call the call
	 * @param headers the headers
	 * @param next the rest of the pipeline
	 * @return the listener of the call
	 */
	<Q, R> ServerCall.Listener<Q> startCall(GrpcPrincipal principal, ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next);

	/**
	 * Binds the principal to the gRPC {@link Context} only, for {@link GrpcPrincipal#current()}.
	 * @return the binder
	 */
	static CallPrincipalBinder grpcContext() {
		return new CallPrincipalBinder() {
			@Override
			public <Q, R> ServerCall.Listener<Q> startCall(GrpcPrincipal principal, ServerCall<Q, R> call,
					Metadata headers, ServerCallHandler<Q, R> next) {
				Context context = principal.bindTo(Context.current());
				return Contexts.interceptCall(context, call, headers, next);
			}
		};
	}

}
