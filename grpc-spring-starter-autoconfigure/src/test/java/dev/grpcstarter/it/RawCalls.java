package dev.grpcstarter.it;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.grpcstarter.core.call.RequestContext;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * Calls whose messages are raw bytes, so a test can send what no generated stub would:
 * garbage instead of a message, two messages to a unary method, none at all. grpc-java
 * lets a client build a method descriptor for any method with any marshaller.
 */
final class RawCalls {

	/** Bytes that are no protobuf message: a varint that never ends. */
	static final byte[] GARBAGE = { (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
			(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF };

	static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {

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

	private static final Metadata.Key<String> API_KEY = Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);

	private RawCalls() {
	}

	static MethodDescriptor<byte[], byte[]> method(String fullMethodName, MethodDescriptor.MethodType type) {
		return MethodDescriptor.newBuilder(BYTES, BYTES).setFullMethodName(fullMethodName).setType(type).build();
	}

	/**
	 * Headers naming the call's request id, and its API key when given.
	 * @param requestId the id the server keeps for the call
	 * @param apiKey the raw key, or {@code null}
	 * @return the headers
	 */
	static Metadata headers(String requestId, @Nullable String apiKey) {
		Metadata headers = new Metadata();
		headers.put(RequestContext.REQUEST_ID_KEY, requestId);
		if (apiKey != null) {
			headers.put(API_KEY, apiKey);
		}
		return headers;
	}

	/**
	 * Sends the messages, half-closes, and waits for the call to end.
	 * @param channel the channel
	 * @param method the method
	 * @param options the call options
	 * @param headers the headers
	 * @param messages the messages, as bytes on the wire
	 * @return how the call ended for the client
	 * @throws Exception when the call does not end within ten seconds
	 */
	static Outcome call(Channel channel, MethodDescriptor<byte[], byte[]> method, CallOptions options,
			Metadata headers, byte[]... messages) throws Exception {
		ClientCall<byte[], byte[]> call = channel.newCall(method, options);
		OutcomeListener listener = new OutcomeListener();
		call.start(listener, headers);
		call.request(Integer.MAX_VALUE);
		for (byte[] message : messages) {
			call.sendMessage(message);
		}
		call.halfClose();
		return listener.outcome.get(10, TimeUnit.SECONDS);
	}

	/**
	 * How a call ended for the client.
	 *
	 * @param status the status the client received
	 * @param trailers the trailers it received
	 * @param responses the responses it received
	 */
	record Outcome(Status status, Metadata trailers, int responses) {

		@Nullable String requestId() {
			return this.trailers.get(RequestContext.REQUEST_ID_KEY);
		}

	}

	/** Collects a call's end; completes when the client closes the call. */
	static class OutcomeListener extends ClientCall.Listener<byte[]> {

		final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

		// gRPC calls a listener's methods one at a time.
		private int responses;

		@Override
		public void onMessage(byte[] message) {
			this.responses++;
		}

		@Override
		public void onClose(Status status, Metadata trailers) {
			this.outcome.complete(new Outcome(status, trailers, this.responses));
		}

	}

}
