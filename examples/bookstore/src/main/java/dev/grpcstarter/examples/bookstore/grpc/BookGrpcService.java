package dev.grpcstarter.examples.bookstore.grpc;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.Timestamp;
import dev.grpcstarter.core.auth.PublicGrpcMethod;
import dev.grpcstarter.core.service.BaseService;
import dev.grpcstarter.examples.bookstore.book.BookEntity;
import dev.grpcstarter.examples.bookstore.book.BookRepository;
import dev.grpcstarter.examples.bookstore.v1.AddBookRequest;
import dev.grpcstarter.examples.bookstore.v1.AddBooksResponse;
import dev.grpcstarter.examples.bookstore.v1.BatchGetBooksRequest;
import dev.grpcstarter.examples.bookstore.v1.BatchGetBooksResponse;
import dev.grpcstarter.examples.bookstore.v1.Book;
import dev.grpcstarter.examples.bookstore.v1.BookServiceGrpc;
import dev.grpcstarter.examples.bookstore.v1.GetBookRequest;
import dev.grpcstarter.examples.bookstore.v1.ListBooksRequest;
import io.grpc.stub.StreamObserver;
import org.springframework.grpc.server.service.GrpcService;

/**
 * The bookstore over gRPC: one method of each call type, plus a unary batch lookup. Reading
 * one book or the list is public; looking books up needs an API key; adding books needs a
 * staff key.
 */
@GrpcService
public class BookGrpcService extends BookServiceGrpc.BookServiceImplBase implements BaseService {

	/** Books held in memory for one AddBooks call at most. */
	static final int MAX_BOOKS_PER_CALL = 1000;

	private final BookRepository books;

	public BookGrpcService(BookRepository books) {
		this.books = books;
	}

	@Override
	@PublicGrpcMethod
	public void getBook(GetBookRequest request, StreamObserver<Book> responses) {
		responses.onNext(toProto(find(request.getId())));
		responses.onCompleted();
	}

	@Override
	@PublicGrpcMethod
	public void listBooks(ListBooksRequest request, StreamObserver<Book> responses) {
		List<BookEntity> found = request.getAuthor().isEmpty() ? this.books.findAllByOrderById()
				: this.books.findByAuthorOrderById(request.getAuthor());
		found.forEach((book) -> responses.onNext(toProto(book)));
		responses.onCompleted();
	}

	/**
	 * Buffers the books and stores them in one transaction once the client completes the
	 * stream: a stream that fails part way (an invalid book, a message that is not a book,
	 * a cancelled or broken connection) stores nothing, so a client can simply send it again.
	 */
	@Override
	public StreamObserver<AddBookRequest> addBooks(StreamObserver<AddBooksResponse> responses) {
		requireStaff();
		return new StreamObserver<>() {

			private final List<BookEntity> received = new ArrayList<>();

			@Override
			public void onNext(AddBookRequest request) {
				if (request.getTitle().isBlank()) {
					throw abortInvalidArgument("title: must not be blank");
				}
				if (this.received.size() == MAX_BOOKS_PER_CALL) {
					throw abortInvalidArgument("at most " + MAX_BOOKS_PER_CALL + " books per call");
				}
				this.received.add(new BookEntity(request.getTitle(), request.getAuthor(), request.getYear()));
			}

			@Override
			public void onError(Throwable error) {
				// The client went away: nothing was stored.
				this.received.clear();
			}

			@Override
			public void onCompleted() {
				// saveAll runs in one transaction: all books or none.
				List<Long> ids = BookGrpcService.this.books.saveAll(this.received)
					.stream()
					.map(BookEntity::getId)
					.toList();
				responses.onNext(AddBooksResponse.newBuilder().setAdded(ids.size()).addAllIds(ids).build());
				responses.onCompleted();
			}

		};
	}

	@Override
	public StreamObserver<GetBookRequest> lookupBooks(StreamObserver<Book> responses) {
		return new StreamObserver<>() {

			@Override
			public void onNext(GetBookRequest request) {
				responses.onNext(toProto(find(request.getId())));
			}

			@Override
			public void onError(Throwable error) {
				// The client went away; nothing to clean up.
			}

			@Override
			public void onCompleted() {
				responses.onCompleted();
			}

		};
	}

	@Override
	public void batchGetBooks(BatchGetBooksRequest request, StreamObserver<BatchGetBooksResponse> responses) {
		BatchGetBooksResponse.Builder found = BatchGetBooksResponse.newBuilder();
		request.getIdsList().forEach((id) -> found.addBooks(toProto(find(id))));
		responses.onNext(found.build());
		responses.onCompleted();
	}

	private BookEntity find(long id) {
		return this.books.findById(id).orElseThrow(() -> abortNotFound("no book with id " + id));
	}

	private static Book toProto(BookEntity book) {
		return Book.newBuilder()
			.setId(book.getId())
			.setTitle(book.getTitle())
			.setAuthor(book.getAuthor())
			.setYear(book.getYear())
			.setAddedAt(Timestamp.newBuilder()
				.setSeconds(book.getAddedAt().getEpochSecond())
				.setNanos(book.getAddedAt().getNano()))
			.build();
	}

}
