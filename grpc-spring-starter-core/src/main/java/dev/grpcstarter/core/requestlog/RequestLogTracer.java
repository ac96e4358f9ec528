package dev.grpcstarter.core.requestlog;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

import dev.grpcstarter.core.call.BridgedCall;
import dev.grpcstarter.core.call.CallTransport;
import dev.grpcstarter.core.call.RequestContext;
import dev.grpcstarter.core.call.ServiceDescriptions;
import io.grpc.Attributes;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * One stream, from its headers to its close: what the request log needs to know about it.
 * grpc-java calls {@link #streamClosed(Status)} exactly once per stream, on the transport
 * thread; everything else may arrive on the transport thread or the call's executor, so
 * the fields are volatile.
 */
final class RequestLogTracer extends ServerStreamTracer {

	static final int MAX_ERROR_MESSAGE = 1000;

	private static final Metadata.Key<String> USER_AGENT = Metadata.Key.of("user-agent",
			Metadata.ASCII_STRING_MARSHALLER);

	// Compressed messages are counted while the call's executor reads them, the others on
	// the transport thread: two writers, so an atomic add (without an object per stream).
	private static final AtomicLongFieldUpdater<RequestLogTracer> BYTES_IN = AtomicLongFieldUpdater
		.newUpdater(RequestLogTracer.class, "bytesIn");

	private final RequestLogTracerFactory factory;

	private final String fullMethodName;

	private final Metadata headers;

	private final RequestContext request;

	private final @Nullable String userAgent;

	/** The admin user who made the call from the explorer, when it sent a valid ticket. */
	private final @Nullable String explorerUser;

	// Microseconds, as the database stores it: the writer finds a row again by it.
	private final Instant startedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);

	private final long startNanos = System.nanoTime();

	/** The method as registered; {@code null} until the call starts, and for streams that never start. */
	private volatile @Nullable MethodDescriptor<?, ?> method;

	private volatile @Nullable Deadline deadline;

	private volatile @Nullable String clientIp;

	/** Native gRPC until the call starts on the web bridge's in-process server. */
	private volatile CallTransport transport = CallTransport.GRPC;

	private volatile int messagesIn;

	private volatile int messagesOut;

	private volatile long bytesIn;

	private volatile long bytesOut;

	RequestLogTracer(RequestLogTracerFactory factory, String fullMethodName, Metadata headers) {
		this.factory = factory;
		this.fullMethodName = fullMethodName;
		this.headers = headers;
		this.request = RequestContext.forCall(headers, fullMethodName);
		this.userAgent = headers.get(USER_AGENT);
		ExplorerCallTickets tickets = factory.explorerCalls;
		this.explorerUser = (tickets != null) ? tickets.redeem(headers.get(ExplorerCallTickets.HEADER)) : null;
	}

	@Override
	public Context filterContext(Context context) {
		return this.request.attachTo(context);
	}

	/** Runs in the call's context (with its deadline), before any interceptor sees the call. */
	@Override
	public void serverCallStarted(ServerCallInfo<?, ?> callInfo) {
		this.method = callInfo.getMethodDescriptor();
		this.deadline = Context.current().getDeadline();
		Attributes attributes = callInfo.getAttributes();
		this.transport = BridgedCall.transport(attributes, this.headers);
		this.clientIp = this.factory.addresses.resolve(attributes, this.headers);
	}

	@Override
	public void inboundMessage(int seqNo) {
		this.messagesIn = seqNo + 1;
	}

	@Override
	public void inboundUncompressedSize(long bytes) {
		BYTES_IN.addAndGet(this, bytes);
	}

	@Override
	public void outboundMessage(int seqNo) {
		this.messagesOut = seqNo + 1;
	}

	@Override
	public void outboundUncompressedSize(long bytes) {
		this.bytesOut += bytes;
	}

	@Override
	public void streamClosed(Status status) {
		long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - this.startNanos);
		Status.Code code = status.getCode();
		String description = status.getDescription();
		if (code == Status.Code.CANCELLED && isAtDeadline()) {
			// The client's deadline started before the server received the call, so the
			// client's timer fires first and its cancellation arrives just before the
			// server's own deadline: for the client the call timed out.
			code = Status.Code.DEADLINE_EXCEEDED;
			description = "cancelled by the client at its deadline";
		}
		else if (isResetAfterResponseStarted(code)) {
			// grpc-java could not take a request message (too large, badly framed) once the
			// response had begun: it sends RST_STREAM instead of a status, which the client
			// reports as CANCELLED.
			description = "stream reset by the server: " + ((description != null) ? description : code.name());
			code = Status.Code.CANCELLED;
		}
		if (!this.factory.policy.keeps(code)) {
			return;
		}
		MethodDescriptor<?, ?> started = this.method;
		String service = (started != null) ? started.getServiceName()
				: MethodDescriptor.extractFullServiceName(this.fullMethodName);
		String bareName = (started != null) ? started.getBareMethodName()
				: MethodDescriptor.extractBareMethodName(this.fullMethodName);
		if (this.transport != CallTransport.GRPC && this.fullMethodName.startsWith("/")) {
			// An HTTP request no route matched, named "/VERB path" by the web transport.
			service = "";
			bareName = this.fullMethodName.substring(1);
		}
		String callType = ServiceDescriptions
			.callType((started != null) ? started.getType() : MethodDescriptor.MethodType.UNKNOWN);
		String principal = this.request.principal();
		RequestLogEntry entry = new RequestLogEntry(null, this.request.requestId(), this.factory.instanceId.get(),
				cut((service != null) ? service : "", 200),
				cut((bareName != null) ? bareName : this.fullMethodName, 200), callType, RequestStatus.of(code),
				code.name(), (code == Status.Code.OK) ? null : errorMessage(code, description), micros,
				this.request.apiKeyId(), storable(principal, 150), principal != null,
				(principal != null) ? storable(this.request.authMechanism(), 32) : null, storable(this.clientIp, 64),
				storable(this.userAgent, 300), this.messagesIn, this.messagesOut,
				this.bytesIn + this.request.bridgedBytesIn(), this.bytesOut + this.request.bridgedBytesOut(),
				this.startedAt, 1, this.transport, storable(this.request.traceId(), 64),
				storable(this.request.spanId(), 32), storable(this.explorerUser, 150));
		RejectedCallRowBudget budget = this.factory.rejectedCalls;
		// Only what authentication refused before anyone was authenticated, and only with
		// the code it refused with: a row of a verified caller is always kept.
		RejectedCallRowBudget.Reason refused = (principal == null && this.request.isRefusedBeforeAuthentication())
				? RejectedCallRowBudget.Reason.of(code) : null;
		if (budget != null && refused != null) {
			budget.accept(entry, refused);
		}
		else {
			this.factory.sink.accept(entry);
		}
	}

	/**
	 * A failure grpc-java made up, not the service (the pipeline has not closed the call),
	 * after the first response message, so after the response headers: what grpc-java's
	 * transport answers with a stream reset.
	 */
	private boolean isResetAfterResponseStarted(Status.Code code) {
		return (code == Status.Code.RESOURCE_EXHAUSTED || code == Status.Code.INTERNAL) && this.messagesOut > 0
				&& this.request.isOpenInPipeline();
	}

	private boolean isAtDeadline() {
		Deadline deadline = this.deadline;
		return deadline != null
				&& deadline.timeRemaining(TimeUnit.NANOSECONDS) <= this.factory.timeoutToleranceNanos;
	}

	private static String errorMessage(Status.Code code, @Nullable String description) {
		return cut((description != null) ? description : code.name(), MAX_ERROR_MESSAGE);
	}

	/**
	 * Text as the column takes it: cut to the column's length, and without NUL characters,
	 * which PostgreSQL refuses in text: one such status description would otherwise fail
	 * every retry of its batch. Method names come from the request path, which any client
	 * can fill.
	 */
	private static String cut(String text, int max) {
		String cut = (text.length() <= max) ? text : text.substring(0, max);
		return (cut.indexOf('\u0000') < 0) ? cut : cut.replace('\u0000', '\uFFFD');
	}

	private static @Nullable String storable(@Nullable String text, int max) {
		return (text != null) ? cut(text, max) : null;
	}

}
