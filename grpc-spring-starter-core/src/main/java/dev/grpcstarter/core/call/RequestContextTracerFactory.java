package dev.grpcstarter.core.call;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;

/**
 * Opens each stream's {@link RequestContext} as the stream arrives, before grpc-java looks
 * the method up or reads a message, so that everything running for the call sees it: the
 * answer to an unknown method (which no interceptor sees) carries the request id, and a
 * request message that cannot be parsed is recorded for its call. The request log's
 * stream tracer does the same for the streams it records; this one serves when there is
 * no request log, and for the methods it leaves out.
 *
 * <p>Register it with {@link io.grpc.ServerBuilder#addStreamTracerFactory(ServerStreamTracer.Factory)}.
 */
public final class RequestContextTracerFactory extends ServerStreamTracer.Factory {

	@Override
	public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
		return new RequestContextTracer(RequestContext.forCall(headers, fullMethodName));
	}

	private static final class RequestContextTracer extends ServerStreamTracer {

		private final RequestContext request;

		RequestContextTracer(RequestContext request) {
			this.request = request;
		}

		@Override
		public Context filterContext(Context context) {
			return this.request.attachTo(context);
		}

	}

}
