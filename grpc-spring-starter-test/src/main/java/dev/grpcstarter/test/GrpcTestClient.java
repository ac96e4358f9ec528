package dev.grpcstarter.test;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.grpcstarter.core.apikey.ApiKeyService;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

/**
 * A client of the application's running gRPC server, for tests: channels and stubs, with
 * or without an API key created for the test, and the request-log rows of the calls made
 * through them.
 *
 * <pre class="code">
 * TestApiKey staff = grpc.apiKey().authorities("ROLE_STAFF").create();
 * BookServiceBlockingStub books = grpc.stub(BookServiceGrpc::newBlockingStub, staff);
 * books.getBook(request);
 * RequestLogEntry row = grpc.requestLog().awaitCall("bookstore.v1.BookService/GetBook");
 * </pre>
 *
 * <p>Every call made through it carries an {@code x-request-id} (a fresh one unless the
 * call sets its own), which is how {@link TestRequestLog} finds the call's row. The channel
 * is plaintext, to {@code 127.0.0.1}, opened at first use and closed with the application
 * context.
 */
public final class GrpcTestClient implements DisposableBean {

	private final Supplier<GrpcServerLifecycle> server;

	private final Supplier<@Nullable ApiKeyService> keys;

	private final Supplier<TestRequestLog> requestLog;

	private final Metadata.Key<String> apiKeyHeader;

	private final SentCalls sentCalls = new SentCalls();

	private final AtomicInteger keysCreated = new AtomicInteger();

	private final Object channelMonitor = new Object();

	private @Nullable ManagedChannel channel;

	private @Nullable TestRequestLog requestLogInstance;

	GrpcTestClient(Supplier<GrpcServerLifecycle> server, Supplier<@Nullable ApiKeyService> keys,
			Function<SentCalls, TestRequestLog> requestLog, String apiKeyHeader) {
		this.server = server;
		this.keys = keys;
		this.requestLog = () -> requestLog.apply(this.sentCalls);
		this.apiKeyHeader = Metadata.Key.of(apiKeyHeader, Metadata.ASCII_STRING_MARSHALLER);
	}

	/**
	 * A channel to the server that sends no API key.
	 * @return the channel
	 */
	public Channel channel() {
		return ClientInterceptors.intercept(managedChannel(), this.sentCalls);
	}

	/**
	 * A channel to the server that sends the given key with every call.
	 * @param key the key
	 * @return the channel
	 */
	public Channel channel(TestApiKey key) {
		Metadata headers = new Metadata();
		headers.put(this.apiKeyHeader, key.rawKey());
		return ClientInterceptors.intercept(channel(), MetadataUtils.newAttachHeadersInterceptor(headers));
	}

	/**
	 * A stub that sends no API key, for example
	 * {@code grpc.stub(BookServiceGrpc::newBlockingStub)}.
	 * @param <S> the stub type
	 * @param newStub the generated factory method of the stub
	 * @return the stub
	 */
	public <S> S stub(Function<Channel, S> newStub) {
		return newStub.apply(channel());
	}

	/**
	 * A stub that sends the given key with every call.
	 * @param <S> the stub type
	 * @param newStub the generated factory method of the stub
	 * @param key the key
	 * @return the stub
	 */
	public <S> S stub(Function<Channel, S> newStub, TestApiKey key) {
		return newStub.apply(channel(key));
	}

	/**
	 * Starts a key for this test: owner {@code test-user}, no authorities, every method,
	 * no limits, unless set otherwise.
	 * @return the key's settings, {@link TestApiKey.Builder#create()} stores it
	 * @throws IllegalStateException when the application has no API keys (no JPA or no
	 * database)
	 */
	public TestApiKey.Builder apiKey() {
		ApiKeyService keys = this.keys.get();
		if (keys == null) {
			throw new IllegalStateException("No ApiKeyService bean: API keys need JPA and a database");
		}
		return new TestApiKey.Builder(keys, "test-key-" + this.keysCreated.incrementAndGet());
	}

	/**
	 * The request-log rows of the calls made through this client.
	 * @return the request log
	 * @throws IllegalStateException when the request log is switched off
	 */
	public TestRequestLog requestLog() {
		synchronized (this.channelMonitor) {
			if (this.requestLogInstance == null) {
				this.requestLogInstance = this.requestLog.get();
			}
			return this.requestLogInstance;
		}
	}

	/**
	 * The request ids of the calls made through this client, oldest first, as far back as
	 * it remembers.
	 * @return the request ids with their methods
	 */
	public List<SentCall> sentCalls() {
		return this.sentCalls.all();
	}

	private ManagedChannel managedChannel() {
		synchronized (this.channelMonitor) {
			if (this.channel == null) {
				GrpcServerLifecycle server = this.server.get();
				int port = server.getPort();
				if (!server.isRunning() || port <= 0) {
					throw new IllegalStateException("The gRPC server is not running (port " + port + ")");
				}
				this.channel = Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create())
					.build();
			}
			return this.channel;
		}
	}

	@Override
	public void destroy() throws InterruptedException {
		ManagedChannel channel;
		synchronized (this.channelMonitor) {
			channel = this.channel;
			this.channel = null;
		}
		if (channel != null) {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	/**
	 * A call made through a {@link GrpcTestClient}.
	 *
	 * @param fullMethodName {@code package.Service/Method}
	 * @param requestId the {@code x-request-id} the call carried
	 */
	public record SentCall(String fullMethodName, String requestId) {

	}

}
