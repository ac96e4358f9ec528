package dev.grpcstarter.client;

import java.io.File;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ServerServiceDefinition;
import io.grpc.TlsChannelCredentials;
import org.jspecify.annotations.Nullable;

/**
 * Calls any method of a gRPC server with JSON, learning its services through server
 * reflection (v1, falling back to v1alpha); no .proto files or generated code needed.
 *
 * <pre class="code">
 * try (DynamicGrpcClient client = DynamicGrpcClient.forTarget("localhost:50051")
 *         .plaintext()
 *         .header("x-api-key", key)
 *         .build()) {
 *     client.listServices();
 *     client.describe("bookstore.v1.BookService");
 *     InvocationResult result = client.invoke("bookstore.v1.BookService", "GetBook", List.of("{\"id\": 1}"));
 * }
 * </pre>
 *
 * <p>In local mode ({@link Builder#localServices}) services are described from the
 * definitions of a server in the same application, without a network round trip; calls
 * still go through the network, so the server's whole pipeline applies.
 *
 * <p>The client resolves names to descriptors and hands the work on: JSON to a
 * {@link JsonCodec}, metadata to {@link MetadataMapping}, the call to a {@link CallRunner}.
 */
public final class DynamicGrpcClient implements AutoCloseable {

	private final ManagedChannel channel;

	private final DescriptorSource descriptors;

	private final CallRunner calls;

	private final Map<String, String> defaultHeaders;

	private final Duration deadline;

	private DynamicGrpcClient(Builder builder, ManagedChannel channel) {
		this.channel = channel;
		this.defaultHeaders = Map.copyOf(builder.headers);
		this.deadline = builder.deadline;
		this.descriptors = (builder.localServices != null) ? new LocalDescriptorSource(builder.localServices)
				: new ReflectionDescriptorSource(channel, builder.target,
						MetadataMapping.toMetadata(builder.headersOnReflection ? this.defaultHeaders : Map.of()),
						builder.deadline, builder.descriptorTtl, Clock.systemUTC());
		this.calls = new CallRunner(channel, builder.target);
	}

	/**
	 * Starts building a client.
	 * @param target {@code host:port}
	 * @return the builder
	 */
	public static Builder forTarget(String target) {
		return new Builder(target);
	}

	/**
	 * The services the server offers.
	 * @return full service names, sorted
	 */
	public List<String> listServices() {
		return this.descriptors.listServices();
	}

	/**
	 * A service with its methods, call types and message schemas.
	 * @param serviceName the full service name
	 * @return the description
	 */
	public ServiceDescription describe(String serviceName) {
		return MessageSchemas.describe(service(serviceName));
	}

	/**
	 * A JSON request for a method with every field at its default value, nested messages
	 * expanded; enum values are listed by {@link #describe(String)}.
	 * @param serviceName the full service name
	 * @param methodName the method name
	 * @return the JSON
	 */
	public String requestTemplate(String serviceName, String methodName) {
		MethodDescriptor method = method(serviceName, methodName);
		return JsonCodec.forFile(method.getFile()).printTemplate(MessageSchemas.example(method.getInputType()));
	}

	/**
	 * Calls a method with the default headers and deadline.
	 * @param serviceName the full service name
	 * @param methodName the method name
	 * @param jsonRequests the requests: exactly one for unary and server-streaming methods
	 * @return the result, also for a call that did not end OK
	 */
	public InvocationResult invoke(String serviceName, String methodName, List<String> jsonRequests) {
		return invoke(serviceName, methodName, jsonRequests, Map.of(), this.deadline);
	}

	/**
	 * Calls a method.
	 * @param serviceName the full service name
	 * @param methodName the method name
	 * @param jsonRequests the requests: exactly one for unary and server-streaming methods
	 * @param headers metadata for this call, added to the default headers
	 * @param deadline the deadline of this call
	 * @return the result, also for a call that did not end OK
	 * @throws DynamicInvocationException for unknown names, JSON that does not fit, or a
	 * server that cannot be asked
	 */
	public InvocationResult invoke(String serviceName, String methodName, List<String> jsonRequests,
			Map<String, String> headers, Duration deadline) {
		MethodDescriptor method = method(serviceName, methodName);
		if (!method.isClientStreaming() && jsonRequests.size() != 1) {
			throw new DynamicInvocationException(method.getFullName() + " is " + MessageSchemas.callType(method)
					+ " and takes exactly one request, got " + jsonRequests.size());
		}
		JsonCodec codec = JsonCodec.forFile(method.getFile());
		List<DynamicMessage> requests = codec.parse(method.getInputType(), jsonRequests);
		Map<String, String> allHeaders = new LinkedHashMap<>(this.defaultHeaders);
		allHeaders.putAll(headers);
		return this.calls.run(method, requests, MetadataMapping.toMetadata(allHeaders), deadline, codec);
	}

	/**
	 * Starts a call and returns at once: the listener hears each response as it arrives
	 * (for a server stream, long before the stream ends) and then the end; the call can be
	 * cancelled meanwhile.
	 * @param serviceName the full service name
	 * @param methodName the method name
	 * @param jsonRequests the requests: exactly one for unary and server-streaming methods
	 * @param headers metadata for this call, added to the default headers
	 * @param deadline the deadline of this call
	 * @param listener hears the responses and the end, on gRPC's threads
	 * @return the running call
	 * @throws DynamicInvocationException for unknown names or JSON that does not fit; the
	 * call is then not started
	 */
	public RunningCall start(String serviceName, String methodName, List<String> jsonRequests,
			Map<String, String> headers, Duration deadline, InvocationListener listener) {
		MethodDescriptor method = method(serviceName, methodName);
		if (!method.isClientStreaming() && jsonRequests.size() != 1) {
			throw new DynamicInvocationException(method.getFullName() + " is " + MessageSchemas.callType(method)
					+ " and takes exactly one request, got " + jsonRequests.size());
		}
		JsonCodec codec = JsonCodec.forFile(method.getFile());
		List<DynamicMessage> requests = codec.parse(method.getInputType(), jsonRequests);
		Map<String, String> allHeaders = new LinkedHashMap<>(this.defaultHeaders);
		allHeaders.putAll(headers);
		return this.calls.start(method, requests, MetadataMapping.toMetadata(allHeaders), deadline, codec, listener);
	}

	/** Forgets the cached descriptors; the next question asks the server again. */
	public void refresh() {
		this.descriptors.refresh();
	}

	@Override
	public void close() {
		this.channel.shutdownNow();
		try {
			this.channel.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private ServiceDescriptor service(String serviceName) {
		FileDescriptor file = this.descriptors.fileOf(serviceName);
		String simpleName = serviceName.substring(serviceName.lastIndexOf('.') + 1);
		ServiceDescriptor service = file.findServiceByName(simpleName);
		if (service == null || !service.getFullName().equals(serviceName)) {
			throw new DynamicInvocationException("unknown service " + serviceName
					+ NameSuggestions.hint(serviceName, this.descriptors.listServices()));
		}
		return service;
	}

	private MethodDescriptor method(String serviceName, String methodName) {
		ServiceDescriptor service = service(serviceName);
		MethodDescriptor method = service.findMethodByName(methodName);
		if (method == null) {
			List<String> names = service.getMethods().stream().map(MethodDescriptor::getName).toList();
			throw new DynamicInvocationException("unknown method " + methodName + " of " + serviceName
					+ NameSuggestions.hint(methodName, names));
		}
		return method;
	}

	/**
	 * Builds a {@link DynamicGrpcClient}.
	 */
	public static final class Builder {

		private final String target;

		private boolean plaintext;

		private @Nullable File trustCertificates;

		private final Map<String, String> headers = new LinkedHashMap<>();

		private boolean headersOnReflection = true;

		private Duration deadline = Duration.ofSeconds(10);

		private Duration descriptorTtl = Duration.ofMinutes(5);

		private @Nullable Supplier<List<ServerServiceDefinition>> localServices;

		private Builder(String target) {
			if (!target.matches("[^\\s:]+:\\d{1,5}") && !target.matches("\\[[0-9a-fA-F:.]+]:\\d{1,5}")) {
				throw new DynamicInvocationException("target must be host:port, was '" + target + "'");
			}
			this.target = target;
		}

		/**
		 * Plaintext, no TLS (the default is TLS).
		 * @return this builder
		 */
		public Builder plaintext() {
			this.plaintext = true;
			return this;
		}

		/**
		 * TLS trusting the certificates in a PEM file instead of the system's.
		 * @param pemFile the certificates
		 * @return this builder
		 */
		public Builder trustCertificates(File pemFile) {
			this.plaintext = false;
			this.trustCertificates = pemFile;
			return this;
		}

		/**
		 * Whether the {@linkplain #header(String, String) headers} are also sent on the
		 * reflection calls that fetch descriptors (default true). Off, a key meant for
		 * the method is not shown to reflection, which a server usually serves without
		 * one.
		 * @param send whether to send them
		 * @return this builder
		 */
		public Builder headersOnReflection(boolean send) {
			this.headersOnReflection = send;
			return this;
		}

		/**
		 * Metadata sent with every call, and with reflection unless
		 * {@link #headersOnReflection(boolean)} says otherwise.
		 * @param name the header name
		 * @param value the value; base64 for names ending in {@code -bin}
		 * @return this builder
		 */
		public Builder header(String name, String value) {
			this.headers.put(name, value);
			return this;
		}

		/**
		 * The deadline of each call (default 10 s).
		 * @param deadline the deadline
		 * @return this builder
		 */
		public Builder deadline(Duration deadline) {
			this.deadline = deadline;
			return this;
		}

		/**
		 * How long fetched descriptors are trusted (default 5 min).
		 * @param ttl the time-to-live
		 * @return this builder
		 */
		public Builder descriptorTtl(Duration ttl) {
			this.descriptorTtl = ttl;
			return this;
		}

		/**
		 * Local mode: describe services from these definitions instead of reflection.
		 * @param services the served services
		 * @return this builder
		 */
		public Builder localServices(Supplier<List<ServerServiceDefinition>> services) {
			this.localServices = services;
			return this;
		}

		/**
		 * The client.
		 * @return the client, owning its channel
		 */
		public DynamicGrpcClient build() {
			ChannelCredentials credentials;
			if (this.plaintext) {
				credentials = InsecureChannelCredentials.create();
			}
			else if (this.trustCertificates != null) {
				try {
					credentials = TlsChannelCredentials.newBuilder().trustManager(this.trustCertificates).build();
				}
				catch (IOException ex) {
					throw new DynamicInvocationException(
							"cannot read trusted certificates " + this.trustCertificates + ": " + ex.getMessage(), ex);
				}
			}
			else {
				credentials = TlsChannelCredentials.create();
			}
			return new DynamicGrpcClient(this, Grpc.newChannelBuilder(this.target, credentials).build());
		}

	}

}
