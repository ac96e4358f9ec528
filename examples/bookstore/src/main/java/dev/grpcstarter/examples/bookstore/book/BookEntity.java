package dev.grpcstarter.examples.bookstore.book;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A book in the catalogue.
 */
@Entity
@Table(name = "book")
public class BookEntity {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, length = 200)
	private String title;

	@Column(nullable = false, length = 200)
	private String author;

	@Column(name = "published_year", nullable = false)
	private int year;

	@Column(name = "added_at", nullable = false)
	private Instant addedAt;

	protected BookEntity() {
	}

	public BookEntity(String title, String author, int year) {
		this.title = title;
		this.author = author;
		this.year = year;
		this.addedAt = Instant.now();
	}

	public Long getId() {
		return this.id;
	}

	public String getTitle() {
		return this.title;
	}

	public String getAuthor() {
		return this.author;
	}

	public int getYear() {
		return this.year;
	}

	public Instant getAddedAt() {
		return this.addedAt;
	}

}
