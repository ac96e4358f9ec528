package dev.grpcstarter.test;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

import dev.grpcstarter.test.GrpcTestClient.SentCall;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * Gives every call an {@code x-request-id} unless it has one, and remembers the latest
 * calls' ids, so their request-log rows can be found.
 */
final class SentCalls implements ClientInterceptor {

	static final Metadata.Key<String> REQUEST_ID = Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);

	private static final int REMEMBERED = 1000;

	private final ArrayDeque<SentCall> calls = new ArrayDeque<>();

	@Override
	public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions callOptions,
			Channel next) {
		return new SimpleForwardingClientCall<>(next.newCall(method, callOptions)) {

			@Override
			public void start(Listener<R> responseListener, Metadata headers) {
				String requestId = headers.get(REQUEST_ID);
				if (requestId == null) {
					requestId = "test-" + UUID.randomUUID();
					headers.put(REQUEST_ID, requestId);
				}
				remember(new SentCall(method.getFullMethodName(), requestId));
				super.start(responseListener, headers);
			}

		};
	}

	private void remember(SentCall call) {
		synchronized (this.calls) {
			if (this.calls.size() == REMEMBERED) {
				this.calls.removeFirst();
			}
			this.calls.addLast(call);
		}
	}

	/**
	 * The latest call, of a method or of any.
	 * @param fullMethodName {@code package.Service/Method}, {@code null} for any
	 * @return the call, {@code null} when there was none
	 */
	@Nullable SentCall latest(@Nullable String fullMethodName) {
		synchronized (this.calls) {
			Iterator<SentCall> newestFirst = this.calls.descendingIterator();
			while (newestFirst.hasNext()) {
				SentCall call = newestFirst.next();
				if (fullMethodName == null || call.fullMethodName().equals(fullMethodName)) {
					return call;
				}
			}
			return null;
		}
	}

	List<SentCall> all() {
		synchronized (this.calls) {
			return List.copyOf(this.calls);
		}
	}

}
