package dev.grpcstarter.admin.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.grpcstarter.core.ratelimit.RateLimit;
import dev.grpcstarter.core.requestlog.RequestLogStatistics.LatencyBucket;
import dev.grpcstarter.core.requestlog.RequestLogStatistics.TimeBucket;
import dev.grpcstarter.core.requestlog.RequestLogStatistics.TimeWindow;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TimeChartTests {

	private static final Instant MIDNIGHT = Instant.parse("2026-12-01T00:00:00Z");

	private static final TimeWindow DAY = new TimeWindow(MIDNIGHT, MIDNIGHT.plus(Duration.ofDays(1)));

	private static final Duration HALF_HOUR = Duration.ofMinutes(30);

	@Test
	void whenWindowIsADayThenTimeTicksAreEveryThreeHoursWithTheDateAtMidnight() {
		TimeChart chart = TimeChart.calls("calls", buckets(0, 0), DAY, HALF_HOUR, List.of());
		assertThat(chart.xTicks()).extracting(TimeChart.Tick::label)
			.containsExactly("Dec 1", "03:00", "06:00", "09:00", "12:00", "15:00", "18:00", "21:00", "Dec 2");
		assertThat(chart.xTicks().get(0).position()).isEqualTo(chart.left());
		assertThat(chart.xTicks().get(8).position()).isEqualTo(chart.right());
	}

	@Test
	void whenThereAreNoCallsThenTheChartSaysSoAndStillHasAnAxis() {
		TimeChart chart = TimeChart.calls("calls", buckets(0, 0), DAY, HALF_HOUR, List.of());
		assertThat(chart.emptyText()).isEqualTo("No calls in this window");
		assertThat(chart.bars()).isEmpty();
		assertThat(chart.yTicks()).extracting(TimeChart.Tick::label).containsExactly("0", "1");
	}

	@Test
	void whenSomeCallsFailedThenTheyStackOnTheSuccessfulOnesOnOneScale() {
		List<TimeBucket> buckets = buckets(0, 0);
		buckets.set(3, new TimeBucket(buckets.get(3).start(), 6, 2));
		buckets.set(4, new TimeBucket(buckets.get(4).start(), 2, 2));
		TimeChart chart = TimeChart.calls("calls", buckets, DAY, HALF_HOUR, List.of());
		// Two failed calls are a third as tall as six calls, not as tall.
		TimeChart.Bar okThree = chart.bars().get(0);
		TimeChart.Bar failedThree = chart.bars().get(1);
		TimeChart.Bar failedFour = chart.bars().get(2);
		assertThat(okThree.kind()).isEqualTo("ok");
		assertThat(failedThree.kind()).isEqualTo("failed");
		assertThat(failedThree.y() + failedThree.height()).isEqualTo(okThree.y());
		assertThat(failedFour.height()).isEqualTo(failedThree.height());
		assertThat(okThree.height() + failedThree.height()).isCloseTo(3 * failedFour.height(), within(2));
		assertThat(failedThree.title()).isEqualTo("Dec 1 01:30–02:00 UTC: 6 calls, 2 failed");
		assertThat(chart.yLabel()).isEqualTo("calls per 30 min");
		assertThat(chart.emptyText()).isNull();
	}

	@Test
	void whenARateLimitIsInReachThenItIsAGuideAndOtherwiseNamedOnly() {
		List<TimeBucket> buckets = buckets(10, 0);
		TimeChart chart = TimeChart.calls("calls", buckets, DAY, HALF_HOUR,
				List.of(RateLimit.perMinute(1), RateLimit.parse("1000/1s")));
		assertThat(chart.guides()).singleElement()
			.satisfies((guide) -> assertThat(guide.label()).isEqualTo("limit 1/1m = 30 per 30 min"));
		assertThat(chart.yTicks().get(chart.yTicks().size() - 1).label()).isEqualTo("30");
		assertThat(chart.legend()).extracting(TimeChart.LegendEntry::label)
			.contains("limit 1000/1s = 1,800,000 per 30 min (far above, not drawn)");
	}

	@Test
	void whenLatencyIsMissingInABucketThenTheLineBreaksThere() {
		List<LatencyBucket> buckets = new ArrayList<>();
		for (int i = 0; i < 48; i++) {
			Duration d = (i == 10) ? null : Duration.ofMillis(5 + i % 3);
			buckets.add(new LatencyBucket(MIDNIGHT.plus(HALF_HOUR.multipliedBy(i)), (d != null) ? 4 : 0, d, d, d));
		}
		TimeChart chart = TimeChart.latency("latency", buckets, DAY, HALF_HOUR);
		assertThat(chart.lines()).filteredOn((line) -> line.kind().equals("p99")).hasSize(2);
		assertThat(chart.points()).hasSize(47 * 3);
		assertThat(chart.yLabel()).isEqualTo("latency (ms)");
		assertThat(chart.yTicks()).extracting(TimeChart.Tick::label).contains("0 ms", "2 ms", "8 ms");
		assertThat(chart.points().get(0).title()).isEqualTo("Dec 1 00:00–00:30 UTC: p50 5 ms (4 calls)");
	}

	private static List<TimeBucket> buckets(long total, long failed) {
		List<TimeBucket> buckets = new ArrayList<>();
		for (int i = 0; i < 48; i++) {
			buckets.add(new TimeBucket(MIDNIGHT.plus(HALF_HOUR.multipliedBy(i)), total, failed));
		}
		return buckets;
	}

}
