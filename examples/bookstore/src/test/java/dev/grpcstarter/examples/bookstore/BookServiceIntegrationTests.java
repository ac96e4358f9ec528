package dev.grpcstarter.examples.bookstore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import dev.grpcstarter.examples.bookstore.book.BookEntity;
import dev.grpcstarter.examples.bookstore.book.BookRepository;
import dev.grpcstarter.examples.bookstore.v1.AddBookRequest;
import dev.grpcstarter.examples.bookstore.v1.AddBooksResponse;
import dev.grpcstarter.examples.bookstore.v1.Book;
import dev.grpcstarter.examples.bookstore.v1.BookServiceGrpc;
import dev.grpcstarter.examples.bookstore.v1.GetBookRequest;
import dev.grpcstarter.examples.bookstore.v1.ListBooksRequest;
import dev.grpcstarter.core.requestlog.RequestLogEntry;
import dev.grpcstarter.core.requestlog.RequestStatus;
import dev.grpcstarter.test.GrpcStarterTest;
import dev.grpcstarter.test.GrpcTestClient;
import dev.grpcstarter.test.TestApiKey;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The four call types of the example, over a real Netty server on a random port, with
 * their access rules: public reads, keyed lookups, staff-only additions. The channel,
 * the stubs and the keys come from the starter's test support ({@link GrpcStarterTest}).
 */
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:bookstore-test;DB_CLOSE_DELAY=-1")
@GrpcStarterTest
class BookServiceIntegrationTests {

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

	@Autowired
	private GrpcTestClient grpc;

	@Autowired
	private BookRepository books;

	@Test
	void whenUnaryGetBookThenBookIsReturned() {
		Book book = this.grpc.stub(BookServiceGrpc::newBlockingStub).getBook(GetBookRequest.newBuilder().setId(3).build());
		assertThat(book.getTitle()).isEqualTo("Kindred");
		assertThat(book.getAuthor()).isEqualTo("Octavia E. Butler");
		assertThat(book.getAddedAt().getSeconds()).isPositive();
	}

	@Test
	void whenStaffLooksUpABookThenTheRequestLogRecordsTheKeyAndTheCall() throws Exception {
		TestApiKey staff = staffKey();
		CompletableFuture<Book> response = new CompletableFuture<>();
		StreamObserver<GetBookRequest> requests = this.grpc.stub(BookServiceGrpc::newStub, staff)
			.lookupBooks(new FutureObserver<>(response));
		requests.onNext(GetBookRequest.newBuilder().setId(2).build());
		requests.onCompleted();
		assertThat(response.get(10, TimeUnit.SECONDS).getTitle()).isNotBlank();
		RequestLogEntry row = this.grpc.requestLog().awaitCall("bookstore.v1.BookService/LookupBooks");
		assertThat(row.status()).isEqualTo(RequestStatus.SUCCESS);
		assertThat(row.callType()).isEqualTo("bidi-streaming");
		assertThat(row.apiKeyId()).isEqualTo(staff.id());
		assertThat(row.principal()).isEqualTo("sam");
		assertThat(row.messagesIn()).isEqualTo(1);
	}

	@Test
	void whenUnaryGetBookOfUnknownIdThenNotFound() {
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> this.grpc.stub(BookServiceGrpc::newBlockingStub)
					.getBook(GetBookRequest.newBuilder().setId(999).build()));
		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
		assertThat(failure.getStatus().getDescription()).isEqualTo("no book with id 999");
	}

	@Test
	void whenServerStreamingListBooksThenEveryBookOfTheAuthorArrives() {
		Iterator<Book> books = this.grpc.stub(BookServiceGrpc::newBlockingStub)
			.listBooks(ListBooksRequest.newBuilder().setAuthor("Ursula K. Le Guin").build());
		List<String> titles = new ArrayList<>();
		books.forEachRemaining((book) -> titles.add(book.getTitle()));
		assertThat(titles).containsExactly("The Left Hand of Darkness", "A Wizard of Earthsea");
	}

	@Test
	void whenClientStreamingAddBooksWithStaffKeyThenAllAreAddedAndCounted() throws Exception {
		CompletableFuture<AddBooksResponse> response = new CompletableFuture<>();
		StreamObserver<AddBookRequest> requests = this.grpc.stub(BookServiceGrpc::newStub, staffKey())
			.addBooks(new FutureObserver<>(response));
		requests.onNext(AddBookRequest.newBuilder().setTitle("Dune").setAuthor("Frank Herbert").setYear(1965).build());
		requests.onNext(AddBookRequest.newBuilder().setTitle("Ubik").setAuthor("Philip K. Dick").setYear(1969).build());
		requests.onCompleted();
		AddBooksResponse added = response.get(10, TimeUnit.SECONDS);
		assertThat(added.getAdded()).isEqualTo(2);
		Book dune = this.grpc.stub(BookServiceGrpc::newBlockingStub)
			.getBook(GetBookRequest.newBuilder().setId(added.getIds(0)).build());
		assertThat(dune.getTitle()).isEqualTo("Dune");
	}

	@Test
	void whenAddBooksWithoutStaffKeyThenRefused() {
		for (TestApiKey key : new TestApiKey[] { null, userKey() }) {
			CompletableFuture<AddBooksResponse> response = new CompletableFuture<>();
			BookServiceGrpc.BookServiceStub stub = (key != null) ? this.grpc.stub(BookServiceGrpc::newStub, key)
					: this.grpc.stub(BookServiceGrpc::newStub);
			StreamObserver<AddBookRequest> requests = stub.addBooks(new FutureObserver<>(response));
			requests.onNext(AddBookRequest.newBuilder().setTitle("Dune").build());
			requests.onCompleted();
			Throwable failure = catchThrowableOfType(Exception.class, () -> response.get(10, TimeUnit.SECONDS))
				.getCause();
			assertThat(Status.fromThrowable(failure).getCode())
				.isEqualTo((key != null) ? Status.Code.PERMISSION_DENIED : Status.Code.UNAUTHENTICATED);
		}
	}

	@Test
	void whenClientStreamingSendsInvalidBookThenInvalidArgument() {
		CompletableFuture<AddBooksResponse> response = new CompletableFuture<>();
		StreamObserver<AddBookRequest> requests = this.grpc.stub(BookServiceGrpc::newStub, staffKey())
			.addBooks(new FutureObserver<>(response));
		requests.onNext(AddBookRequest.newBuilder().setTitle(" ").build());
		requests.onCompleted();
		Throwable failure = catchThrowableOfType(Exception.class, () -> response.get(10, TimeUnit.SECONDS)).getCause();
		assertThat(Status.fromThrowable(failure).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(Status.fromThrowable(failure).getDescription())
			.isEqualTo("invalid argument: title: must not be blank");
		assertThat(fieldViolations(failure)).containsExactly("title title.not_blank must not be blank");
	}

	@Test
	void whenBookHasAnImplausibleYearAndAnOverlongAuthorThenEachIsNamedInTheBadRequestDetail() {
		CompletableFuture<AddBooksResponse> response = new CompletableFuture<>();
		StreamObserver<AddBookRequest> requests = this.grpc.stub(BookServiceGrpc::newStub, staffKey())
			.addBooks(new FutureObserver<>(response));
		requests.onNext(AddBookRequest.newBuilder().setTitle("Beowulf").setAuthor("x".repeat(201)).setYear(1000).build());
		requests.onCompleted();
		Throwable failure = catchThrowableOfType(Exception.class, () -> response.get(10, TimeUnit.SECONDS)).getCause();
		assertThat(fieldViolations(failure)).containsExactlyInAnyOrder(
				"author string.max_len must be at most 200 characters",
				"year int32.gte_lte must be greater than or equal to 1450 and less than or equal to 2100");
	}

	/** The google.rpc.BadRequest detail as a client reads it, one "field rule message" per violation. */
	private static List<String> fieldViolations(Throwable failure) {
		com.google.rpc.Status status = StatusProto.fromThrowable(failure);
		assertThat(status).isNotNull();
		return status.getDetailsList().stream().filter((detail) -> detail.is(BadRequest.class)).flatMap((detail) -> {
			try {
				return detail.unpack(BadRequest.class).getFieldViolationsList().stream();
			}
			catch (InvalidProtocolBufferException ex) {
				throw new IllegalStateException(ex);
			}
		})
			.map((violation) -> violation.getField() + " " + violation.getReason() + " " + violation.getDescription())
			.toList();
	}

	@Test
	void whenAddBooksFailsOnAnInvalidBookAfterGoodOnesThenNoBookIsStored() {
		String title = "Valid " + UUID.randomUUID();
		CompletableFuture<AddBooksResponse> response = new CompletableFuture<>();
		StreamObserver<AddBookRequest> requests = this.grpc.stub(BookServiceGrpc::newStub, staffKey())
			.addBooks(new FutureObserver<>(response));
		requests.onNext(AddBookRequest.newBuilder().setTitle(title).setAuthor("A").setYear(2001).build());
		requests.onNext(AddBookRequest.newBuilder().setTitle(title + " 2").setAuthor("A").setYear(2002).build());
		requests.onNext(AddBookRequest.newBuilder().setTitle(" ").build());
		requests.onCompleted();
		Throwable failure = catchThrowableOfType(Exception.class, () -> response.get(10, TimeUnit.SECONDS)).getCause();
		assertThat(Status.fromThrowable(failure).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		// The books are stored only when the stream completes: the good ones arrived first and
		// are not there.
		assertThat(storedTitles()).noneMatch((stored) -> stored.startsWith(title));
	}

	@Test
	void whenAddBooksStreamCarriesAMessageThatIsNoBookThenTheClientGetsUnknownAndNoBookIsStored()
			throws Exception {
		String title = "Valid " + UUID.randomUUID();
		Metadata headers = new Metadata();
		ClientCall<byte[], byte[]> call = this.grpc.channel(staffKey()).newCall(MethodDescriptor.newBuilder(BYTES, BYTES)
			.setFullMethodName("bookstore.v1.BookService/AddBooks")
			.setType(MethodDescriptor.MethodType.CLIENT_STREAMING)
			.build(), CallOptions.DEFAULT);
		CompletableFuture<Status> closed = new CompletableFuture<>();
		call.start(new ClientCall.Listener<>() {

			@Override
			public void onClose(Status status, Metadata trailers) {
				closed.complete(status);
			}

		}, headers);
		call.request(1);
		call.sendMessage(AddBookRequest.newBuilder().setTitle(title).setAuthor("A").setYear(2001).build().toByteArray());
		// A varint that never ends: no protobuf message.
		call.sendMessage(new byte[] { (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
				(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF });
		call.halfClose();
		// What the starter answers when it cannot parse a request message.
		Status status = closed.get(10, TimeUnit.SECONDS);
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription())
			.isEqualTo("request message is not a valid protobuf message of the method's request type");
		assertThat(storedTitles()).doesNotContain(title);
	}

	@Test
	void whenBidiLookupBooksWithoutKeyThenUnauthenticated() {
		CompletableFuture<Book> response = new CompletableFuture<>();
		StreamObserver<GetBookRequest> requests = this.grpc.stub(BookServiceGrpc::newStub)
			.lookupBooks(new FutureObserver<>(response));
		requests.onNext(GetBookRequest.newBuilder().setId(1).build());
		requests.onCompleted();
		Throwable failure = catchThrowableOfType(Exception.class, () -> response.get(10, TimeUnit.SECONDS)).getCause();
		assertThat(Status.fromThrowable(failure).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(Status.fromThrowable(failure).getDescription()).isEqualTo("missing API key");
	}

	@Test
	void whenBidiLookupBooksWithKeyThenEachIdIsAnswered() throws Exception {
		List<Book> received = new ArrayList<>();
		CompletableFuture<Void> done = new CompletableFuture<>();
		StreamObserver<GetBookRequest> requests = this.grpc.stub(BookServiceGrpc::newStub, userKey())
			.lookupBooks(new StreamObserver<>() {
				@Override
				public void onNext(Book book) {
					received.add(book);
				}

				@Override
				public void onError(Throwable error) {
					done.completeExceptionally(error);
				}

				@Override
				public void onCompleted() {
					done.complete(null);
				}
			});
		requests.onNext(GetBookRequest.newBuilder().setId(4).build());
		requests.onNext(GetBookRequest.newBuilder().setId(1).build());
		requests.onCompleted();
		done.get(10, TimeUnit.SECONDS);
		assertThat(received).extracting(Book::getTitle).containsExactly("Solaris", "The Left Hand of Darkness");
	}

	private List<String> storedTitles() {
		return this.books.findAll().stream().map(BookEntity::getTitle).toList();
	}

	private TestApiKey staffKey() {
		return this.grpc.apiKey().name("staff").owner("sam").authorities("ROLE_STAFF").create();
	}

	private TestApiKey userKey() {
		return this.grpc.apiKey().name("reader").owner("rita").create();
	}

	private static final class FutureObserver<T> implements StreamObserver<T> {

		private final CompletableFuture<T> future;

		FutureObserver(CompletableFuture<T> future) {
			this.future = future;
		}

		@Override
		public void onNext(T value) {
			this.future.complete(value);
		}

		@Override
		public void onError(Throwable error) {
			this.future.completeExceptionally(error);
		}

		@Override
		public void onCompleted() {
		}

	}

}
