package dev.grpcstarter.core.pipeline;

import dev.grpcstarter.core.call.RequestContext;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;

/**
 * Records the trace id and span id of the call's server span in its
 * {@link RequestContext}, for its request-log row. Registered only when Micrometer Tracing
 * is on the class path and a {@link Tracer} bean exists; runs inside Spring Boot's
 * observation interceptor, whose span is current while the inner interceptors start the
 * call. Without a current span (tracing off, or not sampled for export) nothing is
 * recorded.
 */
public final class TraceCorrelationInterceptor implements ServerInterceptor {

	private final Tracer tracer;

	/**
	 * An interceptor reading the current span of the given tracer.
	 * @param tracer the tracer
	 */
	public TraceCorrelationInterceptor(Tracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next) {
		RequestContext request = RequestContext.current();
		Span span = this.tracer.currentSpan();
		if (request != null && span != null) {
			TraceContext context = span.context();
			request.recordTrace(context.traceId(), context.spanId());
		}
		return next.startCall(call, headers);
	}

}
