package dev.grpcstarter.it.units.reports;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The application's entity in its second persistence unit, on another database.
 */
@Entity
@Table(name = "report")
public class Report {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "title", nullable = false, length = 200)
	private String title;

	protected Report() {
	}

	public Report(String title) {
		this.title = title;
	}

	public String getTitle() {
		return this.title;
	}

}
