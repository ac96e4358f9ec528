package dev.grpcstarter.core.pipeline;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import dev.grpcstarter.core.call.RequestContext;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;

/**
 * Makes a request message grpc-java cannot parse end the call for the service too.
 *
 * <p>grpc-java answers such a message itself ({@code UNKNOWN}, "Application error
 * processing RPC") but then goes on delivering the call's later messages and its
 * half-close to the service, which takes the half-close for a complete request: a
 * client stream of a good message and then garbage would be processed as if it had
 * ended well, although the client was told it failed. The guard wraps each method's
 * request marshaller; when parsing fails it records it in the call's {@link RequestContext}
 * (parsing runs in the call's context, where the stream tracer put it), and
 * {@link RequestIdInterceptor}, the outermost step, drops whatever the call still delivers.
 *
 * <p>For protobuf methods (a {@link MethodDescriptor.PrototypeMarshaller}) the guard does not
 * let the parse failure escape: grpc-java would log it as an application error with a stack
 * trace and answer {@code UNKNOWN}. It hands on the message prototype instead, which
 * {@link RequestIdInterceptor} never delivers: it closes the call with
 * {@code INVALID_ARGUMENT} and the request id, as for any other bad input.
 */
public final class MalformedRequestGuard {

	/**
	 * The service with every method's request marshaller guarded; handlers, response
	 * marshallers and the schema descriptor (for reflection) stay as they are.
	 * @param service the service, as it goes to the server
	 * @return the guarded service
	 */
	public ServerServiceDefinition guard(ServerServiceDefinition service) {
		ServiceDescriptor original = service.getServiceDescriptor();
		List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
		ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
			.setSchemaDescriptor(original.getSchemaDescriptor());
		for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
			ServerMethodDefinition<?, ?> guarded = guard(method);
			descriptor.addMethod(guarded.getMethodDescriptor());
			methods.add(guarded);
		}
		ServerServiceDefinition.Builder guardedService = ServerServiceDefinition.builder(descriptor.build());
		methods.forEach(guardedService::addMethod);
		return guardedService.build();
	}

	private static <Q, R> ServerMethodDefinition<Q, R> guard(ServerMethodDefinition<Q, R> method) {
		MethodDescriptor<Q, R> descriptor = method.getMethodDescriptor();
		MethodDescriptor.Marshaller<Q> requests = descriptor.getRequestMarshaller();
		if (requests instanceof GuardedMarshaller<Q>) {
			return method;
		}
		MethodDescriptor.Marshaller<Q> guarded = (requests instanceof MethodDescriptor.PrototypeMarshaller<Q> prototype)
				? new GuardedPrototypeMarshaller<>(prototype) : new GuardedMarshaller<>(requests);
		return ServerMethodDefinition.create(descriptor.toBuilder(guarded, descriptor.getResponseMarshaller()).build(),
				method.getServerCallHandler());
	}

	/** Parses as the original marshaller does; a failure is recorded for the call it belongs to. */
	private static class GuardedMarshaller<T> implements MethodDescriptor.Marshaller<T> {

		final MethodDescriptor.Marshaller<T> delegate;

		GuardedMarshaller(MethodDescriptor.Marshaller<T> delegate) {
			this.delegate = delegate;
		}

		@Override
		public InputStream stream(T value) {
			return this.delegate.stream(value);
		}

		@Override
		public T parse(InputStream stream) {
			try {
				return this.delegate.parse(stream);
			}
			catch (RuntimeException ex) {
				RequestContext request = RequestContext.current();
				if (request != null) {
					request.recordMalformedRequest();
				}
				// grpc-java closes the stream with UNKNOWN, as without the guard.
				throw ex;
			}
		}

	}

	/** Keeps the message prototype visible to whatever looks for it (transcoding, tooling). */
	private static final class GuardedPrototypeMarshaller<T> extends GuardedMarshaller<T>
			implements MethodDescriptor.PrototypeMarshaller<T> {

		private final MethodDescriptor.PrototypeMarshaller<T> prototype;

		GuardedPrototypeMarshaller(MethodDescriptor.PrototypeMarshaller<T> delegate) {
			super(delegate);
			this.prototype = delegate;
		}

		@Override
		public T parse(InputStream stream) {
			try {
				return this.prototype.parse(stream);
			}
			catch (RuntimeException ex) {
				RequestContext request = RequestContext.current();
				if (request == null) {
					throw ex;
				}
				request.recordMalformedRequestStandIn();
				// A stand-in that is never delivered: the pipeline closes the call instead.
				return this.prototype.getMessagePrototype();
			}
		}

		@Override
		public T getMessagePrototype() {
			return this.prototype.getMessagePrototype();
		}

		@Override
		public Class<T> getMessageClass() {
			return this.prototype.getMessageClass();
		}

	}

}
