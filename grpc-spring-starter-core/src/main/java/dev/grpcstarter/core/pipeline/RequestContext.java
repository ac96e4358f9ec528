package dev.grpcstarter.core.pipeline;

import io.grpc.Context;
import io.grpc.Metadata;
import org.jspecify.annotations.Nullable;

/**
 * What the pipeline knows about the call being served, available through the gRPC
 * {@link Context} on whatever thread runs the call.
 *
 * @param requestId the id sent back in the {@code x-request-id} trailer and shown in the
 * server log
 * @param fullMethodName the called method, {@code package.Service/Method}
 */
public record RequestContext(String requestId, String fullMethodName) {

	/** Header and trailer carrying the request id. */
	public static final Metadata.Key<String> REQUEST_ID_KEY = Metadata.Key.of("x-request-id",
			Metadata.ASCII_STRING_MARSHALLER);

	static final Context.Key<RequestContext> CONTEXT_KEY = Context.key("grpcstarter-request");

	/**
	 * The context of the current call.
	 * @return the context, or {@code null} outside a call served through the pipeline
	 */
	public static @Nullable RequestContext current() {
		return CONTEXT_KEY.get();
	}

	/**
	 * The request id of the current call.
	 * @return the id, or {@code null} outside a call served through the pipeline
	 */
	public static @Nullable String currentRequestId() {
		RequestContext context = current();
		return (context != null) ? context.requestId() : null;
	}

}
