package dev.grpcstarter.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.grpcstarter.benchmarks.v1.Payload;
import dev.grpcstarter.benchmarks.v1.StreamRequest;

/**
 * The echo over the starter's web transports on the server's HTTP port, with the JDK's
 * {@link HttpClient} on HTTP/1.1 keep-alive connections (as browsers and most HTTP clients
 * talk to an application without TLS): HTTP/JSON to the method's {@code google.api.http}
 * route, or gRPC-Web in binary frames. One request is built once and sent again and again.
 * <p>
 * HTTP/1.1 carries one call per connection at a time, and the JDK's client opens a connection
 * for every call that finds none idle: a server falling behind an open-loop offer would soon
 * face thousands. So at most {@link #MAX_CONNECTIONS} calls are in flight, as a browser limits
 * its connections per host; further calls wait here, their latency counted from when they
 * were due.
 */
final class HttpCalls implements CallSender {

	/** Calls (and so connections) in flight at most. */
	static final int MAX_CONNECTIONS = 64;

	private static final int TRAILER_FRAME = 0x80;

	private final ExecutorService executor;

	private final HttpClient client;

	private final HttpRequest request;

	private final boolean grpcWeb;

	private final Queue<Done> waiting = new ConcurrentLinkedQueue<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	HttpCalls(Target target, LoadGenerator.Settings settings) {
		// Two threads complete the responses: few enough not to crowd the server's core.
		this.executor = Executors.newFixedThreadPool(2, (task) -> {
			Thread thread = new Thread(task, "http-calls");
			thread.setDaemon(true);
			return thread;
		});
		this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(this.executor).build();
		this.grpcWeb = target.call() == Configurations.Call.GRPC_WEB;
		Payload payload = Payload.newBuilder().setBody(ByteString.copyFrom(new byte[settings.payloadBytes()])).build();
		boolean stream = settings.streamMessages() > 0;
		Message message = stream
				? StreamRequest.newBuilder().setPayload(payload).setCount(settings.streamMessages()).build() : payload;
		HttpRequest.Builder builder;
		if (this.grpcWeb) {
			builder = HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + target.webPort() + "/bench.v1.BenchService/"
						+ (stream ? "Stream" : "Unary")))
				.header("content-type", "application/grpc-web+proto")
				.header("x-grpc-web", "1")
				.POST(HttpRequest.BodyPublishers.ofByteArray(frame(message.toByteArray())));
		}
		else {
			builder = HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + target.webPort() + (stream ? "/v1/stream" : "/v1/unary")))
				.header("content-type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(json(message)));
		}
		this.request = builder.header(target.credentialHeader(), target.credential()).build();
	}

	@Override
	public void send(Done done) {
		this.waiting.add(done);
		startWaiting();
	}

	private void startWaiting() {
		while (true) {
			int calls = this.inFlight.get();
			if (calls >= MAX_CONNECTIONS) {
				return;
			}
			if (!this.inFlight.compareAndSet(calls, calls + 1)) {
				continue;
			}
			Done next = this.waiting.poll();
			if (next != null) {
				start(next);
				continue;
			}
			this.inFlight.decrementAndGet();
			// A call queued after the poll and before the decrement saw no free slot: look again.
			if (this.waiting.isEmpty()) {
				return;
			}
		}
	}

	private void start(Done done) {
		this.client.sendAsync(this.request, HttpResponse.BodyHandlers.ofByteArray())
			.whenComplete((response, error) -> {
				this.inFlight.decrementAndGet();
				done.ended(error == null && succeeded(response));
				startWaiting();
			});
	}

	private boolean succeeded(HttpResponse<byte[]> response) {
		if (response.statusCode() != 200) {
			return false;
		}
		if (!this.grpcWeb) {
			// A stream that fails after its first message ends with an {"error": ...} line.
			return !new String(response.body(), StandardCharsets.UTF_8).contains("{\"error\"");
		}
		Optional<String> status = response.headers().firstValue("grpc-status");
		return status.map("0"::equals).orElseGet(() -> trailersSayOk(response.body()));
	}

	/** @return whether the trailer frame of a gRPC-Web response body says {@code grpc-status: 0} */
	static boolean trailersSayOk(byte[] body) {
		ByteBuffer frames = ByteBuffer.wrap(body);
		while (frames.remaining() >= 5) {
			int flags = frames.get() & 0xff;
			int length = frames.getInt();
			if (length < 0 || length > frames.remaining()) {
				return false;
			}
			if ((flags & TRAILER_FRAME) != 0) {
				String trailers = new String(body, frames.position(), length, StandardCharsets.US_ASCII);
				for (String line : trailers.split("\r\n")) {
					int colon = line.indexOf(':');
					if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("grpc-status")) {
						return line.substring(colon + 1).trim().equals("0");
					}
				}
				return false;
			}
			frames.position(frames.position() + length);
		}
		return false;
	}

	static byte[] frame(byte[] message) {
		return ByteBuffer.allocate(5 + message.length).put((byte) 0).putInt(message.length).put(message).array();
	}

	private static String json(Message message) {
		try {
			return JsonFormat.printer().omittingInsignificantWhitespace().print(message);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.executor.shutdownNow();
		this.executor.awaitTermination(5, TimeUnit.SECONDS);
	}

}
