package dev.grpcstarter.core.web;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * One call through the {@link WebBridge}, driven from the servlet thread: what the server
 * sends arrives as {@link Event}s in order, and the next response message is asked for only
 * when the previous one has been written, so a slow HTTP client slows the stream down instead
 * of filling memory.
 */
final class BridgeExchange {

	private final ClientCall<byte[], byte[]> call;

	private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();

	BridgeExchange(ClientCall<byte[], byte[]> call) {
		this.call = call;
	}

	/**
	 * Starts the call, sends the request messages and half-closes.
	 * @param headers the request headers
	 * @param messages the request messages, none for a refused call
	 */
	void start(Metadata headers, Iterable<byte[]> messages) {
		this.call.start(new ClientCall.Listener<>() {

			@Override
			public void onHeaders(Metadata responseHeaders) {
				BridgeExchange.this.events.add(new Headers(responseHeaders));
			}

			@Override
			public void onMessage(byte[] message) {
				BridgeExchange.this.events.add(new Message(message));
			}

			@Override
			public void onClose(Status status, Metadata trailers) {
				BridgeExchange.this.events.add(new Close(status, trailers));
			}

		}, headers);
		this.call.request(1);
		for (byte[] message : messages) {
			this.call.sendMessage(message);
		}
		this.call.halfClose();
	}

	/**
	 * The next event; after a {@link Message}, asks for one more.
	 * @return the event
	 * @throws InterruptedException when the servlet thread is interrupted; the call is
	 * cancelled
	 */
	Event next() throws InterruptedException {
		Event event;
		try {
			event = this.events.take();
		}
		catch (InterruptedException ex) {
			cancel("the web request was interrupted");
			throw ex;
		}
		return event;
	}

	/** Asks the server for the next response message, once the previous one is written. */
	void requestNext() {
		this.call.request(1);
	}

	/**
	 * Cancels the call, for instance because the HTTP client went away.
	 * @param reason why
	 */
	void cancel(String reason) {
		this.call.cancel(reason, null);
	}

	/**
	 * Waits for the call's close, dropping any further event, after the HTTP side gave up.
	 * @param timeoutMillis how long to wait
	 * @return the close, or {@code null} when it did not come in time
	 * @throws InterruptedException when interrupted
	 */
	@Nullable Close awaitClose(long timeoutMillis) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		while (true) {
			long left = deadline - System.nanoTime();
			Event event = this.events.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
			if (event == null || event instanceof Close) {
				return (Close) event;
			}
			this.call.request(1);
		}
	}

	/** What the server sent. */
	sealed interface Event permits Headers, Message, Close {

	}

	/** The response headers. */
	record Headers(Metadata headers) implements Event {

	}

	/** One response message, serialized. */
	record Message(byte[] bytes) implements Event {

	}

	/** The call's end. */
	record Close(Status status, Metadata trailers) implements Event {

	}

}
