package dev.grpcstarter.core.requestlog;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import com.google.protobuf.MessageLite;
import dev.grpcstarter.core.call.ClientAddressResolver;
import dev.grpcstarter.core.call.RequestContext;
import dev.grpcstarter.core.call.ServiceDescriptions;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * Records one row per call, for all four call types, when the call ends: with the final
 * status the client received (it sits outside error mapping and authentication, so
 * rejected calls are logged too), or as cancelled or timed out when the call ends without
 * a status. The row goes to a {@link RequestLogSink}; the call never waits for a database.
 */
public final class RequestLogInterceptor implements ServerInterceptor {

	static final int MAX_ERROR_MESSAGE = 1000;

	private static final Metadata.Key<String> USER_AGENT = Metadata.Key.of("user-agent",
			Metadata.ASCII_STRING_MARSHALLER);

	private final RequestLogSink sink;

	private final RequestLogPolicy policy;

	private final ClientAddressResolver addresses;

	private final Supplier<String> instanceId;

	/**
	 * An interceptor.
	 * @param sink where rows go
	 * @param policy which calls get a row
	 * @param addresses finds the client address
	 * @param instanceId the id of this server instance
	 */
	public RequestLogInterceptor(RequestLogSink sink, RequestLogPolicy policy, ClientAddressResolver addresses,
			Supplier<String> instanceId) {
		this.sink = sink;
		this.policy = policy;
		this.addresses = addresses;
		this.instanceId = instanceId;
	}

	@Override
	public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next) {
		MethodDescriptor<Q, R> method = call.getMethodDescriptor();
		if (this.policy.isExcluded(method.getFullMethodName())) {
			return next.startCall(call, headers);
		}
		CallRecord record = new CallRecord(method, RequestContext.current(), this.addresses.resolve(call, headers),
				headers.get(USER_AGENT), Context.current().getDeadline());
		ServerCall<Q, R> recordingCall = new SimpleForwardingServerCall<>(call) {

			@Override
			public void sendMessage(R message) {
				record.messagesOut++;
				record.bytesOut += sizeOf(message);
				super.sendMessage(message);
			}

			@Override
			public void close(Status status, Metadata trailers) {
				// A call the client already gave up on ends as the client saw it, whatever the
				// service still answered after the fact.
				record.finish(isCancelled() ? record.cancellation() : status);
				super.close(status, trailers);
			}

		};
		ServerCall.Listener<Q> listener = next.startCall(recordingCall, headers);
		return new SimpleForwardingServerCallListener<>(listener) {

			@Override
			public void onMessage(Q message) {
				record.messagesIn++;
				record.bytesIn += sizeOf(message);
				super.onMessage(message);
			}

			@Override
			public void onCancel() {
				record.finish(record.cancellation());
				super.onCancel();
			}

		};
	}

	private static long sizeOf(Object message) {
		return (message instanceof MessageLite protobuf) ? protobuf.getSerializedSize() : 0;
	}

	/** What is known about one call while it runs. */
	private final class CallRecord {

		private final MethodDescriptor<?, ?> method;

		private final @Nullable RequestContext request;

		private final @Nullable String clientIp;

		private final @Nullable String userAgent;

		private final @Nullable Deadline deadline;

		// Microseconds, as the database stores it: the writer finds a row again by it.
		private final Instant startedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);

		private final long startNanos = System.nanoTime();

		private final AtomicBoolean finished = new AtomicBoolean();

		// Each counter has one writer (the listener's or the sender's serialized calls);
		// finish() reads them after the last message.
		private volatile int messagesIn;

		private volatile int messagesOut;

		private volatile long bytesIn;

		private volatile long bytesOut;

		CallRecord(MethodDescriptor<?, ?> method, @Nullable RequestContext request, @Nullable String clientIp,
				@Nullable String userAgent, @Nullable Deadline deadline) {
			this.method = method;
			this.request = request;
			this.clientIp = clientIp;
			this.userAgent = userAgent;
			this.deadline = deadline;
		}

		/** How a call that ended without a status of its own ended for the client. */
		Status cancellation() {
			return (this.deadline != null && this.deadline.isExpired()) ? Status.DEADLINE_EXCEEDED : Status.CANCELLED;
		}

		void finish(Status status) {
			if (!this.finished.compareAndSet(false, true) || !RequestLogInterceptor.this.policy.keeps(status.getCode())) {
				return;
			}
			long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - this.startNanos);
			String principal = (this.request != null) ? this.request.principal() : null;
			String service = this.method.getServiceName();
			String bareName = this.method.getBareMethodName();
			RequestLogInterceptor.this.sink.accept(new RequestLogEntry(null,
					(this.request != null) ? this.request.requestId() : "-", RequestLogInterceptor.this.instanceId.get(),
					(service != null) ? service : "", (bareName != null) ? bareName : this.method.getFullMethodName(),
					ServiceDescriptions.callType(this.method.getType()), RequestStatus.of(status.getCode()),
					status.getCode().name(), status.isOk() ? null : errorMessage(status), micros,
					(this.request != null) ? this.request.apiKeyId() : null, storable(principal, 150), principal != null,
					storable(this.clientIp, 64), storable(this.userAgent, 300), this.messagesIn, this.messagesOut,
					this.bytesIn, this.bytesOut, this.startedAt));
		}

		private static @Nullable String errorMessage(Status status) {
			String description = status.getDescription();
			return storable((description != null) ? description : status.getCode().name(), MAX_ERROR_MESSAGE);
		}

		/**
		 * Text as the column takes it: cut to the column's length, and without NUL characters,
		 * which PostgreSQL refuses in text: one such status description would otherwise fail
		 * every retry of its batch.
		 */
		private static @Nullable String storable(@Nullable String text, int max) {
			if (text == null) {
				return null;
			}
			String cut = (text.length() <= max) ? text : text.substring(0, max);
			return (cut.indexOf('\u0000') < 0) ? cut : cut.replace('\u0000', '\uFFFD');
		}

	}

}
