package dev.grpcstarter.it;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import dev.grpcstarter.core.call.RequestContext;
import dev.grpcstarter.it.app.TestApplication;
import dev.grpcstarter.it.validated.ShelfGrpcService;
import dev.grpcstarter.test.v1.Contact;
import dev.grpcstarter.test.v1.Owner;
import dev.grpcstarter.test.v1.PingRequest;
import dev.grpcstarter.test.v1.Shelf;
import dev.grpcstarter.test.v1.ShelfReply;
import dev.grpcstarter.test.v1.ShelfServiceGrpc;
import dev.grpcstarter.test.v1.Volume;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Request validation with protovalidate on a real Netty server on a random port: every
 * call type, nested and repeated fields, and the {@code google.rpc.BadRequest} detail as a
 * client reads it with grpc-java's {@link StatusProto}.
 */
@SpringBootTest(classes = TestApplication.class,
		properties = { "spring.grpc.server.port=0", "grpc.services.packages=dev.grpcstarter.it.validated" })
class ValidationIntegrationTests {

	@Autowired
	private ApplicationContext context;

	private LocalGrpcChannel channel;

	private ShelfServiceGrpc.ShelfServiceBlockingStub blocking;

	private ShelfServiceGrpc.ShelfServiceStub async;

	@BeforeEach
	void openChannel() {
		this.channel = LocalGrpcChannel.to(this.context);
		this.blocking = ShelfServiceGrpc.newBlockingStub(this.channel.channel()).withDeadlineAfter(10, TimeUnit.SECONDS);
		this.async = ShelfServiceGrpc.newStub(this.channel.channel()).withDeadlineAfter(10, TimeUnit.SECONDS);
	}

	@AfterEach
	void closeChannel() throws InterruptedException {
		this.channel.close();
	}

	static Shelf valid(String name) {
		return Shelf.newBuilder()
			.setName(name)
			.addVolumes(Volume.newBuilder().setTitle("Dune").setYear(1965))
			.addLabels("scifi")
			.setOwner(Owner.newBuilder().setContact(Contact.newBuilder().setEmail("ann@example.org")))
			.build();
	}

	@Test
	void whenUnaryRequestIsValidThenServiceAnswers() {
		assertThat(this.blocking.put(valid("a")).getNamesList()).containsExactly("a");
	}

	@Test
	void whenUnaryRequestBreaksARuleThenInvalidArgumentWithBadRequestBeforeTheServiceRuns() throws Exception {
		int before = ShelfGrpcService.received.get();
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> this.blocking.put(valid("")));
		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(failure.getStatus().getDescription()).startsWith("invalid argument: name: ");
		assertThat(failure.getTrailers().get(RequestContext.REQUEST_ID_KEY)).isNotBlank();
		assertThat(violations(failure)).containsExactly(new Violation("name", "string.min_len",
				"must be at least 1 characters"));
		assertThat(ShelfGrpcService.received.get()).isEqualTo(before);
	}

	@Test
	void whenNestedAndRepeatedFieldsBreakRulesThenEachViolationNamesItsPath() throws Exception {
		Shelf shelf = valid("a").toBuilder()
			.addVolumes(Volume.newBuilder().setTitle("").setYear(1965))
			.addVolumes(Volume.newBuilder().setTitle("Old").setYear(1200))
			.addLabels("far-too-long")
			.setOwner(Owner.newBuilder().setContact(Contact.newBuilder().setEmail("not an address")))
			.build();
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> this.blocking.put(shelf));
		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(violations(failure)).extracting(Violation::field, Violation::reason)
			.containsExactlyInAnyOrder(tuple("volumes[1].title", "string.min_len"),
					tuple("volumes[2].year", "int32.gte_lte"),
					tuple("labels[1]", "string.max_len"),
					tuple("owner.contact.email", "string.email"));
	}

	@Test
	void whenRepeatedFieldHasTooManyItemsThenTheFieldItselfIsNamed() throws Exception {
		Shelf.Builder shelf = valid("a").toBuilder();
		for (int i = 0; i < 3; i++) {
			shelf.addVolumes(Volume.newBuilder().setTitle("T" + i).setYear(2000));
		}
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> this.blocking.put(shelf.build()));
		assertThat(violations(failure)).extracting(Violation::field, Violation::reason)
			.containsExactly(tuple("volumes", "repeated.max_items"));
	}

	@Test
	void whenServerStreamingRequestBreaksARuleThenNoMessageIsSent() throws Exception {
		int before = ShelfGrpcService.received.get();
		Iterator<ShelfReply> replies = this.blocking.watch(valid(""));
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, replies::hasNext);
		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(violations(failure)).extracting(Violation::field).containsExactly("name");
		assertThat(ShelfGrpcService.received.get()).isEqualTo(before);
	}

	@Test
	void whenServerStreamingRequestIsValidThenEveryMessageArrives() {
		Iterator<ShelfReply> replies = this.blocking.watch(valid("w"));
		assertThat(replies).toIterable().hasSize(2);
	}

	@Test
	void whenClientStreamCarriesABadMessageThenTheCallFailsAndTheServiceNeverCompletesIt() throws Exception {
		int received = ShelfGrpcService.received.get();
		int completed = ShelfGrpcService.completedStreams.get();
		int failed = ShelfGrpcService.failedStreams.get();
		ResponseCollector<ShelfReply> replies = new ResponseCollector<>();
		StreamObserver<Shelf> requests = this.async.upload(replies);
		requests.onNext(valid("first"));
		requests.onNext(valid(""));
		requests.onNext(valid("third"));
		requests.onCompleted();
		Throwable failure = catchThrowableOfType(Exception.class, replies::await);
		StatusRuntimeException status = (StatusRuntimeException) rootStatus(failure);
		assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(violations(status)).extracting(Violation::field).containsExactly("name");
		// The service got the first message only, and was told the stream failed.
		await().atMost(5, TimeUnit.SECONDS).until(() -> ShelfGrpcService.failedStreams.get() == failed + 1);
		assertThat(ShelfGrpcService.received.get()).isEqualTo(received + 1);
		assertThat(ShelfGrpcService.completedStreams.get()).isEqualTo(completed);
	}

	@Test
	void whenClientStreamIsValidThenServiceGetsEveryMessage() throws Exception {
		ResponseCollector<ShelfReply> replies = new ResponseCollector<>();
		StreamObserver<Shelf> requests = this.async.upload(replies);
		requests.onNext(valid("a"));
		requests.onNext(valid("b"));
		requests.onCompleted();
		assertThat(replies.await()).singleElement()
			.satisfies((reply) -> assertThat(reply.getNamesList()).containsExactly("a", "b"));
	}

	@Test
	void whenBidirectionalStreamCarriesABadMessageThenEarlierAnswersArriveAndTheCallFails() throws Exception {
		int failed = ShelfGrpcService.failedStreams.get();
		RecordingObserver replies = new RecordingObserver();
		StreamObserver<Shelf> requests = this.async.exchange(replies);
		requests.onNext(valid("one"));
		await().atMost(5, TimeUnit.SECONDS).until(() -> replies.count() == 1);
		requests.onNext(valid("two").toBuilder().addLabels("much-too-long").build());
		requests.onNext(valid("three"));
		StatusRuntimeException failure = replies.awaitFailure();
		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(violations(failure)).extracting(Violation::field).containsExactly("labels[1]");
		assertThat(replies.count()).isEqualTo(1);
		await().atMost(5, TimeUnit.SECONDS).until(() -> ShelfGrpcService.failedStreams.get() == failed + 1);
	}

	@Test
	void whenRequestTypeHasNoRulesThenAnyMessagePasses() {
		assertThat(this.blocking.plain(PingRequest.getDefaultInstance()).getReceived()).isEqualTo(1);
	}

	static List<Violation> violations(StatusRuntimeException failure) throws InvalidProtocolBufferException {
		com.google.rpc.Status status = StatusProto.fromThrowable(failure);
		assertThat(status).isNotNull();
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
		List<com.google.protobuf.Any> details = status.getDetailsList();
		assertThat(details).singleElement().satisfies((detail) -> assertThat(detail.is(BadRequest.class)).isTrue());
		return details.get(0)
			.unpack(BadRequest.class)
			.getFieldViolationsList()
			.stream()
			.map((violation) -> new Violation(violation.getField(), violation.getReason(),
					violation.getDescription()))
			.toList();
	}

	private static Throwable rootStatus(Throwable failure) {
		Throwable cause = failure;
		while (cause != null && !(cause instanceof StatusRuntimeException)) {
			cause = cause.getCause();
		}
		return (cause != null) ? cause : failure;
	}

	record Violation(String field, String reason, String description) {
	}

	/** Counts answers as they arrive and keeps the failure. */
	private static final class RecordingObserver implements StreamObserver<ShelfReply> {

		private final AtomicInteger count = new AtomicInteger();

		private final CompletableFuture<StatusRuntimeException> failure = new CompletableFuture<>();

		@Override
		public void onNext(ShelfReply reply) {
			this.count.incrementAndGet();
		}

		@Override
		public void onError(Throwable error) {
			this.failure.complete((StatusRuntimeException) error);
		}

		@Override
		public void onCompleted() {
			this.failure.completeExceptionally(new AssertionError("completed without failing"));
		}

		int count() {
			return this.count.get();
		}

		StatusRuntimeException awaitFailure() throws Exception {
			return this.failure.get(10, TimeUnit.SECONDS);
		}

	}

}
