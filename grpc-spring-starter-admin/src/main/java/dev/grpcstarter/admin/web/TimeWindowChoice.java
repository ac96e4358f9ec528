package dev.grpcstarter.admin.web;

import java.time.Duration;
import java.time.Instant;

import dev.grpcstarter.core.requestlog.RequestLogStatistics.TimeWindow;

/**
 * The windows the overview offers, with a bucket size that gives a readable chart.
 */
enum TimeWindowChoice {

	HOUR("1h", Duration.ofHours(1), Duration.ofMinutes(1)),

	DAY("24h", Duration.ofHours(24), Duration.ofMinutes(30)),

	WEEK("7d", Duration.ofDays(7), Duration.ofHours(6));

	private final String label;

	private final Duration length;

	private final Duration bucket;

	TimeWindowChoice(String label, Duration length, Duration bucket) {
		this.label = label;
		this.length = length;
		this.bucket = bucket;
	}

	static TimeWindowChoice of(String label) {
		for (TimeWindowChoice choice : values()) {
			if (choice.label.equals(label)) {
				return choice;
			}
		}
		return DAY;
	}

	String label() {
		return this.label;
	}

	Duration bucket() {
		return this.bucket;
	}

	TimeWindow window() {
		// Aligned to the bucket so the last bar is the current, partial bucket.
		long size = this.bucket.toSeconds();
		long end = (Math.floorDiv(Instant.now().getEpochSecond(), size) + 1) * size;
		return new TimeWindow(Instant.ofEpochSecond(end).minus(this.length), Instant.ofEpochSecond(end));
	}

}
