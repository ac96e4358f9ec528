package dev.grpcstarter.examples.bookstore;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The bookstore example: a gRPC server on port 50061 (admin UI on 8081) backed by an
 * embedded H2 database, or PostgreSQL with the {@code postgres} profile.
 */
@SpringBootApplication
public class BookstoreApplication {

	public static void main(String[] args) {
		SpringApplication.run(BookstoreApplication.class, args);
	}

}
