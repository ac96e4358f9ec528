package dev.grpcstarter.admin.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import dev.grpcstarter.core.ratelimit.RateLimit;
import dev.grpcstarter.core.requestlog.RequestLogStatistics.LatencyBucket;
import dev.grpcstarter.core.requestlog.RequestLogStatistics.TimeBucket;
import dev.grpcstarter.core.requestlog.RequestLogStatistics.TimeWindow;
import org.jspecify.annotations.Nullable;

/**
 * A chart over time, laid out here and drawn as SVG by the template: a time axis with
 * labelled ticks (UTC), a value axis with its unit and round ticks, stacked bars or lines,
 * a tooltip ({@code <title>}) on every bar and point, horizontal guides (a rate limit), and
 * a label instead of a blank box when there is nothing to show. No JavaScript and no chart
 * library: it renders under the admin's Content-Security-Policy, without scripts, and its
 * axes are plain SVG elements that tests can find.
 *
 * @param label what the chart shows, for screen readers
 * @param width the SVG width (view box units; the SVG scales to the content's width)
 * @param height the SVG height
 * @param left left edge of the plot area
 * @param top top edge of the plot area
 * @param right right edge of the plot area
 * @param bottom bottom edge of the plot area (the time axis)
 * @param xTicks ticks of the time axis
 * @param yTicks ticks of the value axis
 * @param xLabel title of the time axis
 * @param yLabel title of the value axis, with its unit
 * @param bars the bars
 * @param lines the lines, each in segments (a bucket without data breaks a line)
 * @param points the points of the lines, with their tooltips
 * @param guides horizontal guides
 * @param legend what each colour means
 * @param emptyText shown in the plot area when there is no data; {@code null} otherwise
 */
public record TimeChart(String label, int width, int height, int left, int top, int right, int bottom,
		List<Tick> xTicks, List<Tick> yTicks, String xLabel, String yLabel, List<Bar> bars, List<Line> lines,
		List<Point> points, List<Guide> guides, List<LegendEntry> legend, @Nullable String emptyText) {

	static final int WIDTH = 960;

	static final int HEIGHT = 280;

	private static final int LEFT = 88;

	private static final int RIGHT = WIDTH - 16;

	private static final int TOP = 16;

	private static final int BOTTOM = HEIGHT - 52;

	private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	/** Tick spacings of the time axis, the smallest giving at most 8 ticks is used. */
	private static final long[] TIME_STEPS = { 60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
			172800, 604800 };

	/**
	 * Calls per bucket, successful and failed stacked on one scale.
	 * @param label what the chart shows
	 * @param buckets the buckets
	 * @param window the window they cover
	 * @param bucket the bucket size
	 * @param limits rate limits to draw as guides, in calls per bucket; empty for none
	 * @return the chart
	 */
	static TimeChart calls(String label, List<TimeBucket> buckets, TimeWindow window, Duration bucket,
			List<RateLimit> limits) {
		long peak = buckets.stream().mapToLong(TimeBucket::total).max().orElse(0);
		List<Guide> guides = new ArrayList<>();
		List<LegendEntry> legend = new ArrayList<>(
				List.of(new LegendEntry("ok", "successful"), new LegendEntry("failed", "failed")));
		double scaleMax = peak;
		for (RateLimit limit : limits) {
			double perBucket = (double) limit.calls() * bucket.toMillis() / limit.period().toMillis();
			// A limit far above the traffic would flatten the bars: named, not drawn.
			if (perBucket <= Math.max(peak, 1) * 100) {
				scaleMax = Math.max(scaleMax, perBucket);
				guides.add(new Guide(0, "limit " + limit + " = " + number(perBucket) + " per " + span(bucket),
						perBucket));
			}
			else {
				legend.add(new LegendEntry("guide-off", "limit " + limit + " = " + number(perBucket) + " per "
						+ span(bucket) + " (far above, not drawn)"));
			}
		}
		if (!guides.isEmpty()) {
			legend.add(new LegendEntry("guide", "rate limit"));
		}
		Scale scale = Scale.of(scaleMax, true);
		List<Bar> bars = new ArrayList<>();
		double slot = (double) (RIGHT - LEFT) / Math.max(1, buckets.size());
		int barWidth = Math.max(1, (int) Math.floor(slot * 0.8));
		for (int i = 0; i < buckets.size(); i++) {
			TimeBucket b = buckets.get(i);
			if (b.total() == 0) {
				continue;
			}
			int x = (int) Math.round(LEFT + i * slot + (slot - barWidth) / 2);
			String title = range(b.start(), bucket) + ": " + b.total() + " calls, " + b.failed() + " failed";
			int okTop = scale.y(b.total() - b.failed());
			if (b.total() > b.failed()) {
				bars.add(new Bar("ok", x, okTop, barWidth, BOTTOM - okTop, title));
			}
			if (b.failed() > 0) {
				int failedTop = scale.y(b.total());
				bars.add(new Bar("failed", x, failedTop, barWidth, okTop - failedTop, title));
			}
		}
		List<Guide> placed = guides.stream()
			.map((g) -> new Guide(scale.y(g.value()), g.label(), g.value()))
			.toList();
		return new TimeChart(label, WIDTH, HEIGHT, LEFT, TOP, RIGHT, BOTTOM, timeTicks(window), scale.ticks(""),
				"time (UTC)", "calls per " + span(bucket), bars, List.of(), List.of(), placed, legend,
				(peak == 0) ? "No calls in this window" : null);
	}

	/**
	 * Latency percentiles per bucket as three lines, in milliseconds.
	 * @param label what the chart shows
	 * @param buckets the buckets
	 * @param window the window they cover
	 * @param bucket the bucket size
	 * @return the chart
	 */
	static TimeChart latency(String label, List<LatencyBucket> buckets, TimeWindow window, Duration bucket) {
		double peak = buckets.stream().mapToDouble((b) -> millis(b.p99())).max().orElse(0);
		Scale scale = Scale.of(peak, false);
		double slot = (double) (RIGHT - LEFT) / Math.max(1, buckets.size());
		List<Line> lines = new ArrayList<>();
		List<Point> points = new ArrayList<>();
		addLine("p50", LatencyBucket::p50, buckets, bucket, slot, scale, lines, points);
		addLine("p95", LatencyBucket::p95, buckets, bucket, slot, scale, lines, points);
		addLine("p99", LatencyBucket::p99, buckets, bucket, slot, scale, lines, points);
		boolean empty = buckets.stream().allMatch((b) -> b.calls() == 0);
		return new TimeChart(label, WIDTH, HEIGHT, LEFT, TOP, RIGHT, BOTTOM, timeTicks(window), scale.ticks(" ms"),
				"time (UTC)", "latency (ms)", List.of(), lines, points, List.of(),
				List.of(new LegendEntry("p50", "p50 (median)"), new LegendEntry("p95", "p95"),
						new LegendEntry("p99", "p99")),
				empty ? "No calls in this window" : null);
	}

	private static void addLine(String name, Function<LatencyBucket, @Nullable Duration> value,
			List<LatencyBucket> buckets, Duration bucket, double slot, Scale scale, List<Line> lines,
			List<Point> points) {
		StringBuilder segment = new StringBuilder();
		for (int i = 0; i < buckets.size(); i++) {
			LatencyBucket b = buckets.get(i);
			Duration d = value.apply(b);
			if (d == null) {
				if (!segment.isEmpty()) {
					lines.add(new Line(name, segment.toString()));
					segment.setLength(0);
				}
				continue;
			}
			int x = (int) Math.round(LEFT + (i + 0.5) * slot);
			int y = scale.y(millis(d));
			if (!segment.isEmpty()) {
				segment.append(' ');
			}
			segment.append(x).append(',').append(y);
			points.add(new Point(name, x, y, range(b.start(), bucket) + ": " + name + " " + number(millis(d))
					+ " ms (" + b.calls() + " calls)"));
		}
		if (!segment.isEmpty()) {
			lines.add(new Line(name, segment.toString()));
		}
	}

	private static double millis(@Nullable Duration duration) {
		return (duration != null) ? duration.toNanos() / 1_000_000.0 : 0;
	}

	private static List<Tick> timeTicks(TimeWindow window) {
		long from = window.from().getEpochSecond();
		long to = window.to().getEpochSecond();
		long length = Math.max(1, to - from);
		long step = TIME_STEPS[TIME_STEPS.length - 1];
		for (long candidate : TIME_STEPS) {
			if (length / candidate <= 8) {
				step = candidate;
				break;
			}
		}
		List<Tick> ticks = new ArrayList<>();
		for (long t = Math.floorDiv(from + step - 1, step) * step; t <= to; t += step) {
			int x = (int) Math.round(LEFT + (double) (t - from) / length * (RIGHT - LEFT));
			Instant instant = Instant.ofEpochSecond(t);
			String text = (step >= 86400 || t % 86400 == 0) ? DAY.format(instant) : CLOCK.format(instant);
			ticks.add(new Tick(x, text));
		}
		return ticks;
	}

	private static String range(Instant start, Duration bucket) {
		return FULL.format(start) + "–" + CLOCK.format(start.plus(bucket)) + " UTC";
	}

	/** {@code minute}, {@code 30 min}, {@code 6 h}: a bucket's span for axis titles. */
	static String span(Duration bucket) {
		long seconds = bucket.toSeconds();
		if (seconds == 60) {
			return "minute";
		}
		if (seconds == 3600) {
			return "hour";
		}
		if (seconds % 3600 == 0) {
			return (seconds / 3600) + " h";
		}
		if (seconds % 60 == 0) {
			return (seconds / 60) + " min";
		}
		return seconds + " s";
	}

	static String number(double value) {
		if (value == Math.rint(value) && Math.abs(value) < 1e15) {
			return String.format(Locale.ROOT, "%,d", (long) value);
		}
		return String.format(Locale.ROOT, (Math.abs(value) < 10) ? "%.2f" : "%.1f", value);
	}

	/** A value axis from zero to a round maximum, in round steps. */
	private record Scale(double max, double step) {

		static Scale of(double peak, boolean whole) {
			// At least one whole step: an empty chart reads 0 to 1 (call, ms), not 0 to 0.1.
			double rough = Math.max(peak, 4) / 4;
			double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
			double normal = rough / magnitude;
			double step = ((normal <= 1) ? 1 : (normal <= 2) ? 2 : (normal <= 5) ? 5 : 10) * magnitude;
			if (whole) {
				step = Math.max(1, Math.round(step));
			}
			return new Scale(Math.ceil(Math.max(peak, step) / step) * step, step);
		}

		int y(double value) {
			return (int) Math.round(BOTTOM - value / this.max * (BOTTOM - TOP));
		}

		List<Tick> ticks(String unit) {
			List<Tick> ticks = new ArrayList<>();
			for (int i = 0; i * this.step <= this.max + this.step / 1000; i++) {
				double value = i * this.step;
				ticks.add(new Tick(y(value), number(value) + unit));
			}
			return ticks;
		}

	}

	/**
	 * A labelled tick.
	 *
	 * @param position x (time axis) or y (value axis)
	 * @param label the label
	 */
	public record Tick(int position, String label) {
	}

	/**
	 * One bar, or one part of a stacked bar.
	 *
	 * @param kind {@code ok} or {@code failed}, the CSS class
	 * @param x left
	 * @param y top
	 * @param width width
	 * @param height height
	 * @param title the tooltip
	 */
	public record Bar(String kind, int x, int y, int width, int height, String title) {
	}

	/**
	 * One connected part of a line.
	 *
	 * @param kind the series ({@code p50}, {@code p95}, {@code p99}), the CSS class
	 * @param points the SVG polyline points
	 */
	public record Line(String kind, String points) {
	}

	/**
	 * One point of a line.
	 *
	 * @param kind the series, the CSS class
	 * @param x x
	 * @param y y
	 * @param title the tooltip
	 */
	public record Point(String kind, int x, int y, String title) {
	}

	/**
	 * A horizontal guide.
	 *
	 * @param y y
	 * @param label its label
	 * @param value its value on the value axis
	 */
	public record Guide(int y, String label, double value) {
	}

	/**
	 * One entry of the legend.
	 *
	 * @param kind the CSS class of its swatch
	 * @param label what it means
	 */
	public record LegendEntry(String kind, String label) {
	}

}
