package dev.grpcstarter.core.web;

import com.google.protobuf.MessageLite;
import dev.grpcstarter.core.call.BridgedCall;
import dev.grpcstarter.core.call.RequestContext;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Ends a call the web transport refused before it reached the pipeline (a malformed
 * gRPC-Web frame, a body that is not the method's JSON, a body over the limit) with the
 * status the web transport chose: the call still starts and closes on the bridge's server,
 * so the stream tracer writes its one request-log row.
 */
final class BridgeRejectionInterceptor implements ServerInterceptor {

	@Override
	public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next) {
		String rejection = headers.get(BridgedCall.REJECTION_HEADER);
		RequestContext request = RequestContext.current();
		if (rejection == null) {
			return (request != null) ? counted(call, headers, next, request) : next.startCall(call, headers);
		}
		Metadata trailers = new Metadata();
		if (request != null) {
			trailers.put(RequestContext.REQUEST_ID_KEY, request.requestId());
		}
		call.close(Rejection.decode(rejection), trailers);
		return new ServerCall.Listener<>() {
		};
	}

	/** The in-process transport reports no message sizes: counted here for the request log. */
	private static <Q, R> ServerCall.Listener<Q> counted(ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next, RequestContext request) {
		ServerCall<Q, R> counting = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {

			@Override
			public void sendMessage(R message) {
				request.recordBridgedMessage(false, size(message));
				super.sendMessage(message);
			}

		};
		return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(counting, headers)) {

			@Override
			public void onMessage(Q message) {
				request.recordBridgedMessage(true, size(message));
				super.onMessage(message);
			}

		};
	}

	private static long size(Object message) {
		return (message instanceof MessageLite proto) ? proto.getSerializedSize() : 0;
	}

	/** A status as the rejection header carries it: {@code CODE description}. */
	static final class Rejection {

		private Rejection() {
		}

		static String encode(Status.Code code, String description) {
			// Header values are ASCII: anything else in a description (a field name) is escaped.
			StringBuilder out = new StringBuilder(code.name()).append(' ');
			for (int i = 0; i < description.length(); i++) {
				char c = description.charAt(i);
				if (c >= 0x20 && c < 0x7f && c != '%') {
					out.append(c);
				}
				else {
					out.append('%').append(String.format("%04x", (int) c));
				}
			}
			return out.toString();
		}

		static Status decode(String header) {
			int space = header.indexOf(' ');
			Status.Code code;
			try {
				code = Status.Code.valueOf((space < 0) ? header : header.substring(0, space));
			}
			catch (IllegalArgumentException ex) {
				code = Status.Code.INVALID_ARGUMENT;
			}
			String text = (space < 0) ? "" : header.substring(space + 1);
			StringBuilder description = new StringBuilder(text.length());
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				if (c == '%' && i + 4 < text.length()) {
					description.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
					i += 4;
				}
				else {
					description.append(c);
				}
			}
			return code.toStatus().withDescription(description.toString());
		}

	}

}
