package dev.grpcstarter.examples.bookstore.book;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Books, by id or author.
 */
public interface BookRepository extends JpaRepository<BookEntity, Long> {

	List<BookEntity> findByAuthorOrderById(String author);

	List<BookEntity> findAllByOrderById();

}
