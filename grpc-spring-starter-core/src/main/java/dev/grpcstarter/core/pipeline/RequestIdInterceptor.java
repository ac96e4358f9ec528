package dev.grpcstarter.core.pipeline;

import dev.grpcstarter.core.call.RequestContext;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On every call that does not end OK, adds the call's request id as the
 * {@code x-request-id} trailer and logs one line with the same id, so a client's error
 * report leads straight to the server log.
 *
 * <p>The id comes from the call's {@link RequestContext}, which a stream tracer opens when
 * the stream arrives (the request log's, or
 * {@link dev.grpcstarter.core.call.RequestContextTracerFactory}); on a server without one,
 * this interceptor opens the context itself. Being the outermost step, it also
 * records in the context when the pipeline closes the call, so the request log can tell a
 * status the service sent from one grpc-java or the transport made up, and keeps what
 * grpc-java delivers after closing a call for a malformed request message from the service.
 */
public final class RequestIdInterceptor implements ServerInterceptor {

	private static final Logger logger = LoggerFactory.getLogger(RequestIdInterceptor.class);

	@Override
	public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next) {
		String method = call.getMethodDescriptor().getFullMethodName();
		RequestContext opened = RequestContext.current();
		if (opened != null) {
			opened.recordPipelineEntered();
			RequestIdServerCall<Q, R> tracked = new RequestIdServerCall<>(call, opened, method);
			return new MalformedRequestFilter<>(next.startCall(tracked, headers), opened, tracked);
		}
		RequestContext request = RequestContext.forCall(headers, method);
		request.recordPipelineEntered();
		Context context = request.attachTo(Context.current());
		return Contexts.interceptCall(context, new RequestIdServerCall<>(call, request, method), headers, next);
	}

	/**
	 * Keeps a request message that could not be parsed (see {@link MalformedRequestGuard}),
	 * and whatever the call still delivers after it, from the rest of the pipeline and the
	 * service: later messages, and the half-close the service would take for a complete
	 * request. Where the guard handed on a stand-in, closes the call with
	 * {@code INVALID_ARGUMENT}; where grpc-java closed it already, only drops.
	 */
	private static final class MalformedRequestFilter<Q> extends SimpleForwardingServerCallListener<Q> {

		private static final Status MALFORMED = Status.INVALID_ARGUMENT
			.withDescription("request message is not a valid protobuf message of the method's request type");

		private final RequestContext request;

		private final ServerCall<Q, ?> call;

		private boolean closed;

		MalformedRequestFilter(ServerCall.Listener<Q> delegate, RequestContext request, ServerCall<Q, ?> call) {
			super(delegate);
			this.request = request;
			this.call = call;
		}

		@Override
		public void onMessage(Q message) {
			if (!this.request.hasMalformedRequest()) {
				super.onMessage(message);
			}
			else if (this.request.hasMalformedRequestStandIn() && !this.closed) {
				// Listener callbacks of one call run one at a time: no race on closed.
				this.closed = true;
				this.call.close(MALFORMED, new Metadata());
			}
		}

		@Override
		public void onHalfClose() {
			if (!this.request.hasMalformedRequest()) {
				super.onHalfClose();
			}
		}

	}

	private static final class RequestIdServerCall<Q, R> extends SimpleForwardingServerCall<Q, R> {

		private final RequestContext request;

		private final String method;

		RequestIdServerCall(ServerCall<Q, R> delegate, RequestContext request, String method) {
			super(delegate);
			this.request = request;
			this.method = method;
		}

		@Override
		public void close(Status status, Metadata trailers) {
			if (!status.isOk()) {
				trailers.discardAll(RequestContext.REQUEST_ID_KEY);
				trailers.put(RequestContext.REQUEST_ID_KEY, this.request.requestId());
				log(status);
			}
			// Before the transport has the status: the request log tells a status the service
			// sent from one the transport made up by whether this happened first.
			this.request.recordPipelineClosed();
			super.close(status, trailers);
		}

		private void log(Status status) {
			if (isServerFault(status.getCode())) {
				logger.warn("gRPC {} failed: {} {} [request-id={}]", this.method, status.getCode(),
						status.getDescription(), this.request.requestId());
			}
			else if (logger.isInfoEnabled()) {
				logger.info("gRPC {} failed: {} {} [request-id={}]", this.method, status.getCode(),
						status.getDescription(), this.request.requestId());
			}
		}

		private static boolean isServerFault(Status.Code code) {
			return code == Status.Code.INTERNAL || code == Status.Code.UNKNOWN || code == Status.Code.DATA_LOSS;
		}

	}

}
