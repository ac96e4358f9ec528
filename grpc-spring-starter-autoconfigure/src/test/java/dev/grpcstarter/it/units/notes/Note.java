package dev.grpcstarter.it.units.notes;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The application's entity in the persistence unit that also holds the starter's tables.
 */
@Entity
@Table(name = "note")
public class Note {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "text", nullable = false, length = 200)
	private String text;

	protected Note() {
	}

	public Note(String text) {
		this.text = text;
	}

	public String getText() {
		return this.text;
	}

}
