package dev.grpcstarter.admin.web;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

import dev.grpcstarter.core.requestlog.RequestLogStatistics.TimeBucket;

/**
 * A bar chart drawn as SVG by the template: no JavaScript and no chart library, so it works
 * under the admin's strict Content-Security-Policy and without scripts.
 *
 * @param width the SVG width
 * @param height the SVG height
 * @param max the largest value
 * @param bars the bars
 */
public record BarChart(int width, int height, long max, List<Bar> bars) {

	static final int WIDTH = 720;

	static final int HEIGHT = 140;

	/**
	 * A chart of one value per bucket.
	 * @param buckets the buckets
	 * @param value the value of a bucket
	 * @param format formats times for the bar titles
	 * @return the chart
	 */
	static BarChart of(List<TimeBucket> buckets, ToLongFunction<TimeBucket> value, AdminFormat format) {
		long max = Math.max(1, buckets.stream().mapToLong(value).max().orElse(1));
		double slot = (double) WIDTH / Math.max(1, buckets.size());
		List<Bar> bars = new ArrayList<>();
		for (int i = 0; i < buckets.size(); i++) {
			long v = value.applyAsLong(buckets.get(i));
			int h = (int) Math.round((double) v / max * (HEIGHT - 10));
			bars.add(new Bar((int) Math.round(i * slot), HEIGHT - h, Math.max(1, (int) Math.floor(slot) - 1), h,
					format.time(buckets.get(i).start()) + ": " + v));
		}
		return new BarChart(WIDTH, HEIGHT, max, bars);
	}

	/**
	 * One bar.
	 *
	 * @param x left
	 * @param y top
	 * @param width width
	 * @param height height
	 * @param title the tooltip
	 */
	public record Bar(int x, int y, int width, int height, String title) {

	}

}
