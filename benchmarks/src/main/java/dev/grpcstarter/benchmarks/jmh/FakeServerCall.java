package dev.grpcstarter.benchmarks.jmh;

import java.net.InetSocketAddress;

import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.Status;

/**
 * A server call without a transport, so the interceptor chain can be measured alone.
 */
final class FakeServerCall<Q, R> extends ServerCall<Q, R> {

	static final Attributes ATTRIBUTES = Attributes.newBuilder()
		.set(Grpc.TRANSPORT_ATTR_REMOTE_ADDR, new InetSocketAddress("127.0.0.1", 40000))
		.build();

	private final MethodDescriptor<Q, R> method;

	Status status;

	FakeServerCall(MethodDescriptor<Q, R> method) {
		this.method = method;
	}

	@Override
	public void request(int numMessages) {
	}

	@Override
	public void sendHeaders(Metadata headers) {
	}

	@Override
	public void sendMessage(R message) {
	}

	@Override
	public void close(Status status, Metadata trailers) {
		this.status = status;
	}

	@Override
	public boolean isCancelled() {
		return false;
	}

	@Override
	public MethodDescriptor<Q, R> getMethodDescriptor() {
		return this.method;
	}

	@Override
	public Attributes getAttributes() {
		return ATTRIBUTES;
	}

}
