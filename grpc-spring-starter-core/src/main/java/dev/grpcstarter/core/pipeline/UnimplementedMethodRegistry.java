package dev.grpcstarter.core.pipeline;

import java.io.InputStream;

import dev.grpcstarter.core.call.RequestContext;
import io.grpc.HandlerRegistry;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * The server's fallback registry: answers every method no service registered with
 * {@code UNIMPLEMENTED}, as grpc-java would ({@code Method not found: package.Service/Method}),
 * but with the call's request id in the {@code x-request-id} trailer. grpc-java's own answer
 * carries no trailer of ours, and the interceptors never see such a call: they wrap
 * registered services only.
 *
 * <p>Register it with {@link io.grpc.ServerBuilder#fallbackHandlerRegistry(HandlerRegistry)}.
 * The request log's stream tracer sees these calls start and end like any other.
 */
public final class UnimplementedMethodRegistry extends HandlerRegistry {

	private static final MethodDescriptor.Marshaller<InputStream> UNREAD = new MethodDescriptor.Marshaller<>() {

		@Override
		public InputStream stream(InputStream value) {
			return value;
		}

		@Override
		public InputStream parse(InputStream stream) {
			return stream;
		}

	};

	private static final ServerCallHandler<InputStream, InputStream> UNIMPLEMENTED = new UnimplementedHandler();

	@Override
	public ServerMethodDefinition<?, ?> lookupMethod(String methodName, @Nullable String authority) {
		// Only unknown methods get here: an allocation per call that fails anyway.
		MethodDescriptor<InputStream, InputStream> method = MethodDescriptor.newBuilder(UNREAD, UNREAD)
			.setFullMethodName(methodName)
			.setType(MethodDescriptor.MethodType.UNKNOWN)
			.build();
		return ServerMethodDefinition.create(method, UNIMPLEMENTED);
	}

	private static final class UnimplementedHandler implements ServerCallHandler<InputStream, InputStream> {

		@Override
		public ServerCall.Listener<InputStream> startCall(ServerCall<InputStream, InputStream> call,
				Metadata headers) {
			String method = call.getMethodDescriptor().getFullMethodName();
			RequestContext request = RequestContext.current();
			Metadata trailers = new Metadata();
			trailers.put(RequestContext.REQUEST_ID_KEY,
					((request != null) ? request : RequestContext.forCall(headers, method)).requestId());
			if (request != null) {
				// Anyone can call a method that does not exist as fast as they like: the
				// request log keeps these rows within the budget of refused calls.
				request.recordRefusedBeforeAuthentication();
			}
			call.close(Status.UNIMPLEMENTED.withDescription("Method not found: " + method), trailers);
			// Request messages are never asked for, so none is ever delivered.
			return new ServerCall.Listener<>() {
			};
		}

	}

}
