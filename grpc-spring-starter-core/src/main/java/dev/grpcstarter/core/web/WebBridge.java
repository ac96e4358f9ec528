package dev.grpcstarter.core.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.grpcstarter.core.call.BridgedCall;
import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerTransportFilter;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The in-process gRPC server web transports dispatch into. It is built from the service
 * definitions the native server serves (interceptors applied) and customized like it (stream
 * tracers, fallback registry), so a web call meets the same pipeline and request log as a
 * native one, without a network connection. Its transport is marked
 * ({@link BridgedCall#BRIDGE_ATTRIBUTE}), which is what makes the pipeline believe the
 * transport and client address the web transports send along; its name is random and only
 * this bridge's channel knows it.
 */
public final class WebBridge implements AutoCloseable {

	private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {

		@Override
		public InputStream stream(byte[] value) {
			return new ByteArrayInputStream(value);
		}

		@Override
		public byte[] parse(InputStream stream) {
			try {
				return stream.readAllBytes();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	};

	private final Map<String, ServerMethodDefinition<?, ?>> methods;

	private final Map<String, MethodDescriptor<byte[], byte[]>> byteMethods = new HashMap<>();

	private final List<ServerServiceDefinition> services;

	private final Server server;

	private final ManagedChannel channel;

	private final InboundLimits limits;

	/**
	 * A bridge, not yet started.
	 * @param services the service definitions the native server serves, interceptors applied
	 * @param customizer applies the native server's builder customizers (stream tracers,
	 * fallback registry) to the in-process builder
	 * @param limits the native server's inbound limits, which web calls are held to
	 */
	public WebBridge(List<ServerServiceDefinition> services, Consumer<ServerBuilder<?>> customizer,
			InboundLimits limits) {
		this.services = List.copyOf(services);
		this.limits = limits;
		Map<String, ServerMethodDefinition<?, ?>> methods = new HashMap<>();
		String name = "grpcstarter-web-" + UUID.randomUUID();
		InProcessServerBuilder builder = InProcessServerBuilder.forName(name);
		customizer.accept(builder);
		BridgeRejectionInterceptor rejections = new BridgeRejectionInterceptor();
		for (ServerServiceDefinition service : this.services) {
			for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
				methods.put(method.getMethodDescriptor().getFullMethodName(), method);
			}
			// Outermost: a call the web transport already refused ends before the pipeline.
			builder.addService(ServerInterceptors.intercept(service, rejections));
		}
		builder.addTransportFilter(new ServerTransportFilter() {

			@Override
			public Attributes transportReady(Attributes transportAttrs) {
				return transportAttrs.toBuilder().set(BridgedCall.BRIDGE_ATTRIBUTE, Boolean.TRUE).build();
			}

		});
		this.methods = Map.copyOf(methods);
		for (ServerMethodDefinition<?, ?> method : this.methods.values()) {
			MethodDescriptor<?, ?> descriptor = method.getMethodDescriptor();
			this.byteMethods.put(descriptor.getFullMethodName(), MethodDescriptor.newBuilder(BYTES, BYTES)
				.setFullMethodName(descriptor.getFullMethodName())
				.setType(descriptor.getType())
				.build());
		}
		this.server = builder.build();
		this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
	}

	/**
	 * Starts the in-process server.
	 * @throws IOException never for an in-process server with a fresh name
	 */
	public void start() throws IOException {
		this.server.start();
	}

	@Override
	public void close() {
		this.channel.shutdownNow();
		this.server.shutdownNow();
		try {
			this.server.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** @return the native server's inbound limits, which web calls are held to */
	public InboundLimits limits() {
		return this.limits;
	}

	/** @return the service definitions served, interceptors applied */
	public List<ServerServiceDefinition> services() {
		return this.services;
	}

	/**
	 * A method served.
	 * @param fullMethodName {@code package.Service/Method}
	 * @return its definition, or {@code null} when no service has it
	 */
	public @Nullable ServerMethodDefinition<?, ?> method(String fullMethodName) {
		return this.methods.get(fullMethodName);
	}

	/**
	 * A new call with serialized messages in and out.
	 * @param fullMethodName the method; one no service has is answered by the fallback
	 * registry, like on the native server
	 * @param options the call options (deadline)
	 * @return the call, not started
	 */
	public ClientCall<byte[], byte[]> newCall(String fullMethodName, CallOptions options) {
		MethodDescriptor<byte[], byte[]> method = this.byteMethods.get(fullMethodName);
		if (method == null) {
			method = MethodDescriptor.newBuilder(BYTES, BYTES)
				.setFullMethodName(fullMethodName)
				.setType(MethodDescriptor.MethodType.UNKNOWN)
				.build();
		}
		return this.channel.newCall(method, options);
	}

	/** @return the service definitions' methods by full name */
	Map<String, ServerMethodDefinition<?, ?>> methods() {
		return this.methods;
	}

}
