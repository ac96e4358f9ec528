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
import dev.grpcstarter.examples.bookstore.v1.Book;
import dev.grpcstarter.examples.bookstore.v1.BookServiceGrpc;
import dev.grpcstarter.examples.bookstore.v1.GetBookRequest;
import dev.grpcstarter.examples.bookstore.v1.ListBooksRequest;
import io.grpc.stub.StreamObserver;
import org.springframework.grpc.server.service.GrpcService;

/**
 * The bookstore over gRPC: one method of each call type. Reading one book or the list is
 * public; looking books up needs an API key; adding books needs a staff key.
 */
@GrpcService
public class BookGrpcService extends BookServiceGrpc.BookServiceImplBase implements BaseService {

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

	@Override
	public StreamObserver<AddBookRequest> addBooks(StreamObserver<AddBooksResponse> responses) {
		requireStaff();
		return new StreamObserver<>() {

			private final List<Long> ids = new ArrayList<>();

			@Override
			public void onNext(AddBookRequest request) {
				if (request.getTitle().isBlank()) {
					throw abortInvalidArgument("title: must not be blank");
				}
				BookEntity saved = BookGrpcService.this.books
					.save(new BookEntity(request.getTitle(), request.getAuthor(), request.getYear()));
				this.ids.add(saved.getId());
			}

			@Override
			public void onError(Throwable error) {
				// The client went away; the books added so far stay.
			}

			@Override
			public void onCompleted() {
				responses.onNext(AddBooksResponse.newBuilder().setAdded(this.ids.size()).addAllIds(this.ids).build());
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
