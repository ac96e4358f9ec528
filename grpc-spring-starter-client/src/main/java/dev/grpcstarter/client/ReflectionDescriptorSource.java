package dev.grpcstarter.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.google.protobuf.AnyProto;
import com.google.protobuf.ApiProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DurationProto;
import com.google.protobuf.EmptyProto;
import com.google.protobuf.FieldMaskProto;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.SourceContextProto;
import com.google.protobuf.StructProto;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.TypeProto;
import com.google.protobuf.WrappersProto;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;

/**
 * Descriptors fetched through server reflection: v1 first, v1alpha when the server answers
 * v1 with UNIMPLEMENTED. Files come with all their dependencies; a dependency the server
 * skipped (it may leave out files it already sent) is asked for by file name, and the
 * well-known types fall back to the copies in protobuf-java. Everything fetched is cached
 * for a time-to-live.
 */
public final class ReflectionDescriptorSource implements DescriptorSource {

	private static final Map<String, FileDescriptor> WELL_KNOWN = wellKnown();

	private final Channel channel;

	private final String target;

	private final Metadata headers;

	private final Duration timeout;

	private final Duration ttl;

	private final Clock clock;

	private volatile @Nullable String reflectionService;

	private final Map<String, FileDescriptorProto> protos = new HashMap<>();

	private final Map<String, FileDescriptor> files = new HashMap<>();

	private Instant fetchedAt = Instant.MIN;

	/**
	 * A source.
	 * @param channel the channel to the server
	 * @param target the target, for messages
	 * @param headers metadata sent with reflection calls (a key, for example)
	 * @param timeout deadline of each reflection call
	 * @param ttl how long fetched descriptors are trusted
	 * @param clock the clock
	 */
	public ReflectionDescriptorSource(Channel channel, String target, Metadata headers, Duration timeout,
			Duration ttl, Clock clock) {
		this.channel = channel;
		this.target = target;
		this.headers = headers;
		this.timeout = timeout;
		this.ttl = ttl;
		this.clock = clock;
	}

	@Override
	public List<String> listServices() {
		ServerReflectionResponse response = ask(ServerReflectionRequest.newBuilder().setListServices("").build());
		return response.getListServicesResponse()
			.getServiceList()
			.stream()
			.map(ServiceResponse::getName)
			.sorted()
			.toList();
	}

	@Override
	public synchronized FileDescriptor fileOf(String serviceName) {
		expireIfStale();
		ServerReflectionResponse response = ask(
				ServerReflectionRequest.newBuilder().setFileContainingSymbol(serviceName).build());
		if (response.hasErrorResponse()) {
			throw new DynamicInvocationException(
					"unknown service " + serviceName + " on " + this.target + NameSuggestions.hint(serviceName,
							listServices()));
		}
		List<ByteString> received = response.getFileDescriptorResponse().getFileDescriptorProtoList();
		String first = null;
		for (ByteString bytes : received) {
			FileDescriptorProto proto = parse(bytes);
			this.protos.putIfAbsent(proto.getName(), proto);
			if (first == null) {
				first = proto.getName();
			}
		}
		if (first == null) {
			throw new DynamicInvocationException("server " + this.target + " sent no descriptor for " + serviceName);
		}
		return build(first, new ArrayList<>());
	}

	@Override
	public synchronized void refresh() {
		this.protos.clear();
		this.files.clear();
		this.fetchedAt = this.clock.instant();
	}

	private void expireIfStale() {
		if (this.clock.instant().isAfter(this.fetchedAt.plus(this.ttl))) {
			refresh();
		}
	}

	private FileDescriptor build(String name, List<String> path) {
		FileDescriptor built = this.files.get(name);
		if (built != null) {
			return built;
		}
		if (path.contains(name)) {
			throw new DynamicInvocationException("circular import of " + name + " on " + this.target);
		}
		FileDescriptorProto proto = this.protos.get(name);
		if (proto == null) {
			proto = fetchByName(name);
		}
		if (proto == null) {
			FileDescriptor wellKnown = WELL_KNOWN.get(name);
			if (wellKnown == null) {
				throw new DynamicInvocationException("server " + this.target + " did not provide " + name);
			}
			this.files.put(name, wellKnown);
			return wellKnown;
		}
		path.add(name);
		List<FileDescriptor> dependencies = new ArrayList<>();
		for (String dependency : proto.getDependencyList()) {
			dependencies.add(build(dependency, path));
		}
		path.remove(name);
		try {
			built = FileDescriptor.buildFrom(proto, dependencies.toArray(FileDescriptor[]::new));
		}
		catch (DescriptorValidationException ex) {
			throw new DynamicInvocationException("invalid descriptor " + name + " from " + this.target + ": "
					+ ex.getDescription(), ex);
		}
		this.files.put(name, built);
		return built;
	}

	private @Nullable FileDescriptorProto fetchByName(String name) {
		ServerReflectionResponse response = ask(ServerReflectionRequest.newBuilder().setFileByFilename(name).build());
		if (response.hasErrorResponse()) {
			return null;
		}
		FileDescriptorProto wanted = null;
		for (ByteString bytes : response.getFileDescriptorResponse().getFileDescriptorProtoList()) {
			FileDescriptorProto proto = parse(bytes);
			this.protos.putIfAbsent(proto.getName(), proto);
			if (proto.getName().equals(name)) {
				wanted = proto;
			}
		}
		return wanted;
	}

	private FileDescriptorProto parse(ByteString bytes) {
		try {
			return FileDescriptorProto.parseFrom(bytes);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new DynamicInvocationException("server " + this.target + " sent an unreadable descriptor", ex);
		}
	}

	/** One reflection request, on v1 or, where the server lacks it, v1alpha. */
	private ServerReflectionResponse ask(ServerReflectionRequest request) {
		String service = this.reflectionService;
		if (service != null) {
			return ask(service, request);
		}
		try {
			ServerReflectionResponse response = ask("grpc.reflection.v1.ServerReflection", request);
			this.reflectionService = "grpc.reflection.v1.ServerReflection";
			return response;
		}
		catch (UnimplementedException ex) {
			try {
				ServerReflectionResponse response = ask("grpc.reflection.v1alpha.ServerReflection", request);
				this.reflectionService = "grpc.reflection.v1alpha.ServerReflection";
				return response;
			}
			catch (UnimplementedException again) {
				throw new DynamicInvocationException("server " + this.target
						+ " does not offer server reflection (tried grpc.reflection.v1 and v1alpha)");
			}
		}
	}

	private ServerReflectionResponse ask(String service, ServerReflectionRequest request) {
		// v1alpha has the same messages on the wire as v1: only the method name differs.
		MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> method = ServerReflectionGrpc
			.getServerReflectionInfoMethod()
			.toBuilder()
			.setFullMethodName(MethodDescriptor.generateFullMethodName(service, "ServerReflectionInfo"))
			.build();
		ClientCall<ServerReflectionRequest, ServerReflectionResponse> call = new HeaderAttachingChannel(
				this.channel, this.headers)
			.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(this.timeout.toMillis(), TimeUnit.MILLISECONDS));
		CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
		StreamObserver<ServerReflectionRequest> requests = ClientCalls.asyncBidiStreamingCall(call,
				new StreamObserver<>() {
					@Override
					public void onNext(ServerReflectionResponse response) {
						answer.complete(response);
					}

					@Override
					public void onError(Throwable error) {
						answer.completeExceptionally(error);
					}

					@Override
					public void onCompleted() {
						answer.completeExceptionally(Status.INTERNAL
							.withDescription("reflection stream ended without an answer")
							.asRuntimeException());
					}
				});
		requests.onNext(request);
		requests.onCompleted();
		try {
			return answer.get(this.timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			Status status = Status.fromThrowable(ex.getCause());
			if (status.getCode() == Status.Code.UNIMPLEMENTED) {
				throw new UnimplementedException();
			}
			throw TargetFailures.describe(this.target, status, ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new DynamicInvocationException("no answer from " + this.target + " within " + this.timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DynamicInvocationException("interrupted while asking " + this.target);
		}
	}

	private static Map<String, FileDescriptor> wellKnown() {
		Map<String, FileDescriptor> files = new HashMap<>();
		for (FileDescriptor file : List.of(AnyProto.getDescriptor(), ApiProto.getDescriptor(),
				DurationProto.getDescriptor(), EmptyProto.getDescriptor(), FieldMaskProto.getDescriptor(),
				SourceContextProto.getDescriptor(), StructProto.getDescriptor(), TimestampProto.getDescriptor(),
				TypeProto.getDescriptor(), WrappersProto.getDescriptor(),
				com.google.protobuf.DescriptorProtos.getDescriptor())) {
			files.put(file.getName(), file);
		}
		return Map.copyOf(files);
	}

	/** The server answered UNIMPLEMENTED: this reflection version is not there. */
	private static final class UnimplementedException extends RuntimeException {

		UnimplementedException() {
			super(null, null, false, false);
		}

	}


}
