package dev.grpcstarter.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.google.protobuf.ByteString;
import dev.grpcstarter.benchmarks.v1.BenchServiceGrpc;
import dev.grpcstarter.benchmarks.v1.NewBook;
import dev.grpcstarter.benchmarks.v1.Payload;
import dev.grpcstarter.benchmarks.v1.StreamRequest;
import dev.grpcstarter.benchmarks.v1.ValidatedServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;

/**
 * Native gRPC calls over a few channels, taken in turn. Responses are handled on the event
 * loop: the generator's own work per call is a few hundred nanoseconds, and a hand-off to an
 * executor thread per response cost the (shared) CPU more than any server under test did
 * and made runs erratic.
 */
final class GrpcCalls implements CallSender {

	/** A valid request of the validation configurations: every rule is evaluated, none is broken. */
	static final NewBook BOOK = NewBook.newBuilder()
		.setTitle("The Left Hand of Darkness")
		.setAuthor("Ursula K. Le Guin")
		.setYear(1969)
		.addTags("science fiction")
		.addTags("classic")
		.build();

	private final List<ManagedChannel> channels = new ArrayList<>();

	private final List<BenchServiceGrpc.BenchServiceStub> echo = new ArrayList<>();

	private final List<ValidatedServiceGrpc.ValidatedServiceStub> books = new ArrayList<>();

	private final AtomicLong next = new AtomicLong();

	private final Configurations.Call call;

	private final Payload payload;

	private final int streamMessages;

	GrpcCalls(Target target, LoadGenerator.Settings settings) {
		this.call = target.call();
		this.payload = Payload.newBuilder().setBody(ByteString.copyFrom(new byte[settings.payloadBytes()])).build();
		this.streamMessages = settings.streamMessages();
		Metadata headers = new Metadata();
		headers.put(Metadata.Key.of(target.credentialHeader(), Metadata.ASCII_STRING_MARSHALLER), target.credential());
		for (int i = 0; i < settings.channels(); i++) {
			ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", target.port())
				.usePlaintext()
				.directExecutor()
				.build();
			this.channels.add(channel);
			this.echo.add(BenchServiceGrpc.newStub(channel)
				.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)));
			this.books.add(ValidatedServiceGrpc.newStub(channel)
				.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)));
		}
	}

	@Override
	public void send(Done done) {
		int channel = (int) (this.next.getAndIncrement() % this.channels.size());
		if (this.call == Configurations.Call.GRPC_BOOK) {
			this.books.get(channel).addBook(BOOK, new Observer<>(done));
		}
		else if (this.streamMessages > 0) {
			this.echo.get(channel)
				.stream(StreamRequest.newBuilder().setPayload(this.payload).setCount(this.streamMessages).build(),
						new Observer<>(done));
		}
		else {
			this.echo.get(channel).unary(this.payload, new Observer<>(done));
		}
	}

	@Override
	public void close() throws InterruptedException {
		for (ManagedChannel channel : this.channels) {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	private static final class Observer<T> implements StreamObserver<T> {

		private final Done done;

		Observer(Done done) {
			this.done = done;
		}

		@Override
		public void onNext(T value) {
		}

		@Override
		public void onError(Throwable error) {
			this.done.ended(false);
		}

		@Override
		public void onCompleted() {
			this.done.ended(true);
		}

	}

}
