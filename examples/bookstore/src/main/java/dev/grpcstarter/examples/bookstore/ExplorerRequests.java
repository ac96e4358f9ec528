package dev.grpcstarter.examples.bookstore;

import dev.grpcstarter.admin.web.ExplorerExamples;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * What the admin's explorer prefills for the bookstore's methods: requests that work on the
 * first click against the books the first migration inserts.
 */
@Component
class ExplorerRequests implements ExplorerExamples {

	@Override
	public @Nullable String example(String fullMethodName) {
		return switch (fullMethodName) {
			case "bookstore.v1.BookService/GetBook" -> "{\"id\": \"1\"}";
			case "bookstore.v1.BookService/ListBooks" -> "{}";
			case "bookstore.v1.BookService/AddBooks" ->
				"{\"title\": \"The Dispossessed\", \"author\": \"Ursula K. Le Guin\", \"year\": 1974}";
			case "bookstore.v1.BookService/LookupBooks" -> "{\"id\": \"1\"}\n{\"id\": \"2\"}";
			default -> null;
		};
	}

}
