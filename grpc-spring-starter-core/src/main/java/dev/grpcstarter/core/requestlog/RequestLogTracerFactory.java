package dev.grpcstarter.core.requestlog;

import java.time.Duration;
import java.util.function.Supplier;

import dev.grpcstarter.core.call.ClientAddressResolver;
import dev.grpcstarter.core.call.RequestContextTracerFactory;
import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import org.jspecify.annotations.Nullable;

/**
 * The request log's view of the server: a stream tracer on every stream the transport
 * accepts, so calls the transport or grpc-java close below the interceptors (malformed or
 * oversized messages, badly framed requests, unknown methods, cancellations) are logged
 * too, each with the status the client received. Each stream gets exactly one row, written
 * when the stream closes; the row goes to a {@link RequestLogSink} and the call never waits
 * for a database.
 *
 * <p>Each traced stream also opens the call's {@link dev.grpcstarter.core.call.RequestContext}
 * (the request id, and what authentication records about the caller), so the id in the row,
 * in the {@code x-request-id} trailer and in the server log is the same.
 *
 * <p>Rows of calls refused before authentication go through a {@link RejectedCallRowBudget}
 * when one is given, so a flood of them writes a bounded number of rows and a count.
 *
 * <p>Register it on the server builder with
 * {@link io.grpc.ServerBuilder#addStreamTracerFactory(ServerStreamTracer.Factory)}.
 */
public final class RequestLogTracerFactory extends ServerStreamTracer.Factory {

	/** Excluded methods: nothing to record, only the call's context to open. */
	private final RequestContextTracerFactory notLogged = new RequestContextTracerFactory();

	final RequestLogSink sink;

	final RequestLogPolicy policy;

	final ClientAddressResolver addresses;

	final Supplier<String> instanceId;

	final long timeoutToleranceNanos;

	final @Nullable RejectedCallRowBudget rejectedCalls;

	final @Nullable ExplorerCallTickets explorerCalls;

	/**
	 * A factory.
	 * @param sink where rows go
	 * @param policy which calls get a row
	 * @param addresses finds the client address
	 * @param instanceId the id of this server instance
	 * @param timeoutTolerance a cancellation that arrives with less than this left of the
	 * call's deadline is logged as a timeout: the client's deadline started before the
	 * server received the call, so its timer fires first
	 */
	public RequestLogTracerFactory(RequestLogSink sink, RequestLogPolicy policy, ClientAddressResolver addresses,
			Supplier<String> instanceId, Duration timeoutTolerance) {
		this(sink, policy, addresses, instanceId, timeoutTolerance, null);
	}

	/**
	 * A factory whose rows of calls refused before authentication go through a budget.
	 * @param sink where rows go
	 * @param policy which calls get a row
	 * @param addresses finds the client address
	 * @param instanceId the id of this server instance
	 * @param timeoutTolerance a cancellation that arrives with less than this left of the
	 * call's deadline is logged as a timeout
	 * @param rejectedCalls the budget of rows of calls refused before authentication, which
	 * hands the rows it keeps and its summaries to the same sink; {@code null} to log every
	 * such call
	 */
	public RequestLogTracerFactory(RequestLogSink sink, RequestLogPolicy policy, ClientAddressResolver addresses,
			Supplier<String> instanceId, Duration timeoutTolerance, @Nullable RejectedCallRowBudget rejectedCalls) {
		this(sink, policy, addresses, instanceId, timeoutTolerance, rejectedCalls, null);
	}

	/**
	 * A factory whose rows of calls refused before authentication go through a budget, and
	 * whose rows mark calls made from the admin's explorer.
	 * @param sink where rows go
	 * @param policy which calls get a row
	 * @param addresses finds the client address
	 * @param instanceId the id of this server instance
	 * @param timeoutTolerance a cancellation that arrives with less than this left of the
	 * call's deadline is logged as a timeout
	 * @param rejectedCalls the budget of rows of calls refused before authentication;
	 * {@code null} to log every such call
	 * @param explorerCalls redeems the tickets the explorer sends with its calls;
	 * {@code null} to mark no call
	 */
	public RequestLogTracerFactory(RequestLogSink sink, RequestLogPolicy policy, ClientAddressResolver addresses,
			Supplier<String> instanceId, Duration timeoutTolerance, @Nullable RejectedCallRowBudget rejectedCalls,
			@Nullable ExplorerCallTickets explorerCalls) {
		if (timeoutTolerance.isNegative()) {
			throw new IllegalArgumentException(
					"timeout tolerance must not be negative, was " + timeoutTolerance);
		}
		this.sink = sink;
		this.policy = policy;
		this.addresses = addresses;
		this.instanceId = instanceId;
		this.timeoutToleranceNanos = timeoutTolerance.toNanos();
		this.rejectedCalls = rejectedCalls;
		this.explorerCalls = explorerCalls;
	}

	@Override
	public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
		if (this.policy.isExcluded(fullMethodName)) {
			if (this.explorerCalls != null) {
				// Used up here too, so no ticket stays valid after the call it was issued for.
				this.explorerCalls.redeem(headers.get(ExplorerCallTickets.HEADER));
			}
			return this.notLogged.newServerStreamTracer(fullMethodName, headers);
		}
		return new RequestLogTracer(this, fullMethodName, headers);
	}

}
