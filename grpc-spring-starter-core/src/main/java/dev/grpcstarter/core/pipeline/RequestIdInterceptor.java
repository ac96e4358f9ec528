package dev.grpcstarter.core.pipeline;

import dev.grpcstarter.core.call.RequestContext;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every call a request id, exposes it through {@link RequestContext}, and on every
 * call that does not end OK adds it as the {@code x-request-id} trailer and logs one line
 * with the same id, so a client's error report leads straight to the server log.
 *
 * <p>A well-formed {@code x-request-id} sent by the client is kept, so ids can follow a
 * request across services; anything else is replaced, which keeps log lines unforgeable.
 */
public final class RequestIdInterceptor implements ServerInterceptor {

	private static final Logger logger = LoggerFactory.getLogger(RequestIdInterceptor.class);

	private static final Pattern ACCEPTED_ID = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

	@Override
	public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next) {
		String requestId = acceptOrCreate(headers.get(RequestContext.REQUEST_ID_KEY));
		String method = call.getMethodDescriptor().getFullMethodName();
		Context context = RequestContext.start(requestId, method);
		return Contexts.interceptCall(context, new RequestIdServerCall<>(call, requestId, method), headers, next);
	}

	private static String acceptOrCreate(@Nullable String offered) {
		if (offered != null && ACCEPTED_ID.matcher(offered).matches()) {
			return offered;
		}
		// Not a UUID from SecureRandom: ids need to be unique, not unguessable, and must
		// not contend on a shared entropy source on the call path.
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return Long.toHexString(random.nextLong() | Long.MIN_VALUE) + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
	}

	private static final class RequestIdServerCall<Q, R> extends SimpleForwardingServerCall<Q, R> {

		private final String requestId;

		private final String method;

		RequestIdServerCall(ServerCall<Q, R> delegate, String requestId, String method) {
			super(delegate);
			this.requestId = requestId;
			this.method = method;
		}

		@Override
		public void close(Status status, Metadata trailers) {
			if (!status.isOk()) {
				trailers.discardAll(RequestContext.REQUEST_ID_KEY);
				trailers.put(RequestContext.REQUEST_ID_KEY, this.requestId);
				log(status);
			}
			super.close(status, trailers);
		}

		private void log(Status status) {
			if (isServerFault(status.getCode())) {
				logger.warn("gRPC {} failed: {} {} [request-id={}]", this.method, status.getCode(),
						status.getDescription(), this.requestId);
			}
			else if (logger.isInfoEnabled()) {
				logger.info("gRPC {} failed: {} {} [request-id={}]", this.method, status.getCode(),
						status.getDescription(), this.requestId);
			}
		}

		private static boolean isServerFault(Status.Code code) {
			return code == Status.Code.INTERNAL || code == Status.Code.UNKNOWN || code == Status.Code.DATA_LOSS;
		}

	}

}
