package dev.grpcstarter.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import org.jspecify.annotations.Nullable;

/**
 * Runs one call of any type on a {@link ClientCall}: every request is sent and the call
 * half-closed, then every response, the headers, the trailers and the final status are
 * collected. Unary, server-, client- and bidirectional streaming differ only in how many
 * messages go each way, so one path serves them all.
 */
final class CallRunner {

	/** How long past the call's own deadline to wait for the transport to report its end. */
	private static final long GRACE_MILLIS = 5000;

	private final Channel channel;

	private final String target;

	/**
	 * A runner.
	 * @param channel the channel calls are made on
	 * @param target the target, for messages
	 */
	CallRunner(Channel channel, String target) {
		this.channel = channel;
		this.target = target;
	}

	/**
	 * Runs a call.
	 * @param method the method
	 * @param requests the requests, in order
	 * @param headers the headers to send
	 * @param deadline the deadline of the call
	 * @param codec writes the responses as JSON
	 * @return the result, also for a call that did not end OK
	 * @throws DynamicInvocationException when the call does not end in time or the thread
	 * is interrupted
	 */
	InvocationResult run(MethodDescriptor method, List<DynamicMessage> requests, Metadata headers, Duration deadline,
			JsonCodec codec) {
		List<String> responses = Collections.synchronizedList(new ArrayList<>());
		Map<String, String> responseHeaders = Collections.synchronizedMap(new LinkedHashMap<>());
		CompletableFuture<Ending> ending = new CompletableFuture<>();
		long start = System.nanoTime();
		ClientCall<DynamicMessage, DynamicMessage> call = this.channel.newCall(grpcMethod(method),
				CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS));
		call.start(new ClientCall.Listener<>() {
			@Override
			public void onHeaders(Metadata metadata) {
				responseHeaders.putAll(MetadataMapping.toMap(metadata));
			}

			@Override
			public void onMessage(DynamicMessage message) {
				responses.add(codec.print(message));
			}

			@Override
			public void onClose(Status status, Metadata trailers) {
				ending.complete(new Ending(status, trailers));
			}
		}, headers);
		call.request(Integer.MAX_VALUE);
		for (DynamicMessage request : requests) {
			call.sendMessage(request);
		}
		call.halfClose();
		Ending end = await(ending, call, deadline);
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		return new InvocationResult(end.status().getCode().name(), end.message(), List.copyOf(responses),
				Map.copyOf(responseHeaders), MetadataMapping.toMap(end.trailers()), elapsed);
	}

	/**
	 * Starts a call and returns at once; the listener hears each response and the end.
	 * @param method the method
	 * @param requests the requests, in order
	 * @param headers the headers to send
	 * @param deadline the deadline of the call
	 * @param codec writes the responses as JSON
	 * @param listener hears the responses and the end
	 * @return the running call, to cancel it
	 */
	RunningCall start(MethodDescriptor method, List<DynamicMessage> requests, Metadata headers, Duration deadline,
			JsonCodec codec, InvocationListener listener) {
		List<String> responses = Collections.synchronizedList(new ArrayList<>());
		Map<String, String> responseHeaders = Collections.synchronizedMap(new LinkedHashMap<>());
		long start = System.nanoTime();
		ClientCall<DynamicMessage, DynamicMessage> call = this.channel.newCall(grpcMethod(method),
				CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS));
		call.start(new ClientCall.Listener<>() {
			@Override
			public void onHeaders(Metadata metadata) {
				responseHeaders.putAll(MetadataMapping.toMap(metadata));
			}

			@Override
			public void onMessage(DynamicMessage message) {
				String json = codec.print(message);
				responses.add(json);
				listener.onResponse(json);
			}

			@Override
			public void onClose(Status status, Metadata trailers) {
				Ending end = new Ending(status, trailers);
				listener.onEnd(new InvocationResult(status.getCode().name(), end.message(), List.copyOf(responses),
						Map.copyOf(responseHeaders), MetadataMapping.toMap(trailers),
						Duration.ofNanos(System.nanoTime() - start)));
			}
		}, headers);
		call.request(Integer.MAX_VALUE);
		for (DynamicMessage request : requests) {
			call.sendMessage(request);
		}
		call.halfClose();
		return () -> call.cancel("cancelled by the caller", null);
	}

	private Ending await(CompletableFuture<Ending> ending, ClientCall<?, ?> call, Duration deadline) {
		try {
			return ending.get(deadline.toMillis() + GRACE_MILLIS, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			call.cancel("no answer", null);
			throw new DynamicInvocationException("no answer from " + this.target + " within " + deadline);
		}
		catch (ExecutionException ex) {
			throw new DynamicInvocationException("call to " + this.target + " failed: " + ex.getCause().getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			call.cancel("interrupted", ex);
			throw new DynamicInvocationException("interrupted while calling " + this.target);
		}
	}

	private static io.grpc.MethodDescriptor<DynamicMessage, DynamicMessage> grpcMethod(MethodDescriptor method) {
		return io.grpc.MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
			.setType(MessageSchemas.methodType(method))
			.setFullMethodName(
					io.grpc.MethodDescriptor.generateFullMethodName(method.getService().getFullName(), method.getName()))
			.setRequestMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(method.getInputType())))
			.setResponseMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(method.getOutputType())))
			.build();
	}

	/** How a call ended. */
	private record Ending(Status status, Metadata trailers) {

		/** The status description, or else the message of its cause. */
		@Nullable String message() {
			if (this.status.getDescription() == null && this.status.getCause() != null) {
				return this.status.getCause().getMessage();
			}
			return this.status.getDescription();
		}

	}

}
