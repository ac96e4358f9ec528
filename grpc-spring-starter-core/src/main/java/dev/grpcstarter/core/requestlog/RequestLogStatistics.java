package dev.grpcstarter.core.requestlog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Statistics of the request log for a time window, computed in the database with
 * aggregates, never by loading rows. Percentiles are exact: {@code percentile_cont} on
 * PostgreSQL and on H2 (which implements the same SQL ordered-set aggregate).
 *
 * <p>Calls are counted by adding up the {@code calls} column, not by counting rows: a
 * summary row of refused calls left out of the log ({@link RejectedCallRowBudget}) stands
 * for as many calls as it says, at the time its first left-out call started. Durations
 * (mean and percentiles) are those of the calls logged one by one: summary rows have none
 * of their own and are left out of them.
 */
public final class RequestLogStatistics {

	private static final String RANGE = " from grpc_request_log where started_at >= ? and started_at < ?";

	/** A row's duration, null (and so ignored by the aggregates) for a summary row. */
	private static final String DURATION = "case when call_type <> '" + RejectedCallRowBudget.SUMMARY_CALL_TYPE
			+ "' then duration_us end";

	private static final String PERCENTILES = "percentile_cont(0.5) within group (order by " + DURATION + "),"
			+ " percentile_cont(0.95) within group (order by " + DURATION + "),"
			+ " percentile_cont(0.99) within group (order by " + DURATION + ")";

	private static final String CALLS = "coalesce(sum(calls), 0)";

	private static final String FAILED_CALLS = "coalesce(sum(case when status <> 'success' then calls else 0 end), 0)";

	private final JdbcTemplate jdbc;

	/**
	 * Statistics on the given database.
	 * @param jdbc the database holding {@code grpc_request_log}
	 */
	public RequestLogStatistics(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Totals of a window.
	 * @param window the window
	 * @return the totals
	 */
	public Summary summary(TimeWindow window) {
		return this.jdbc.queryForObject("select " + CALLS + ","
				+ " coalesce(sum(case when status = 'success' then calls else 0 end), 0),"
				+ " coalesce(sum(case when status = 'error' then calls else 0 end), 0),"
				+ " coalesce(sum(case when status = 'cancelled' then calls else 0 end), 0),"
				+ " coalesce(sum(case when status = 'timeout' then calls else 0 end), 0),"
				+ " avg(" + DURATION + "), " + PERCENTILES + RANGE, (rs, row) -> new Summary(rs.getLong(1), rs.getLong(2),
						rs.getLong(3), rs.getLong(4), rs.getLong(5), micros(rs, 6), micros(rs, 7), micros(rs, 8),
						micros(rs, 9)),
				window.fromParameter(), window.toParameter());
	}

	/**
	 * Per-service totals of a window, busiest first.
	 * @param window the window
	 * @param limit the number of services at most
	 * @return the services
	 */
	public List<GroupStatistics> byService(TimeWindow window, int limit) {
		return grouped("service", "service", window, limit);
	}

	/**
	 * Per-method totals of a window, busiest first.
	 * @param window the window
	 * @param limit the number of methods at most
	 * @return the methods, named {@code service/method}
	 */
	public List<GroupStatistics> byMethod(TimeWindow window, int limit) {
		return grouped("service, method", "service || '/' || method", window, limit);
	}

	private List<GroupStatistics> grouped(String groupBy, String label, TimeWindow window, int limit) {
		return this.jdbc.query("select " + label + ", " + CALLS + ", " + FAILED_CALLS + ", avg(" + DURATION + "), "
				+ PERCENTILES + RANGE + " group by " + groupBy + " order by " + CALLS + " desc, " + label + " limit ?",
				(rs, row) -> new GroupStatistics(rs.getString(1), rs.getLong(2), rs.getLong(3), micros(rs, 4),
						micros(rs, 6)),
				window.fromParameter(), window.toParameter(), limit);
	}

	/**
	 * The most frequent codes of failed calls in a window.
	 * @param window the window
	 * @param limit the number of codes at most
	 * @return the codes with their counts, most frequent first
	 */
	public List<CodeCount> topErrorCodes(TimeWindow window, int limit) {
		return this.jdbc.query("select grpc_code, " + CALLS + RANGE
				+ " and status <> 'success' group by grpc_code order by " + CALLS + " desc, grpc_code limit ?",
				(rs, row) -> new CodeCount(rs.getString(1), rs.getLong(2)), window.fromParameter(),
				window.toParameter(), limit);
	}

	/**
	 * Per-API-key totals of a window, busiest first.
	 * @param window the window
	 * @param limit the number of keys at most
	 * @return the keys
	 */
	public List<KeyStatistics> byApiKey(TimeWindow window, int limit) {
		return this.jdbc.query("select api_key_id, " + CALLS + ", " + FAILED_CALLS + ", max(started_at)" + RANGE
				+ " and api_key_id is not null group by api_key_id order by " + CALLS + " desc, api_key_id limit ?",
				(rs, row) -> new KeyStatistics(rs.getLong(1), rs.getLong(2), rs.getLong(3),
						rs.getObject(4, OffsetDateTime.class).toInstant()),
				window.fromParameter(), window.toParameter(), limit);
	}

	/**
	 * Calls and errors per time bucket, for charts. Buckets without calls are present with
	 * zeros, so a chart's x axis is continuous.
	 * @param window the window
	 * @param bucket the bucket size, at least one second
	 * @return the buckets in time order
	 */
	public List<TimeBucket> timeSeries(TimeWindow window, Duration bucket) {
		return timeSeries(window, bucket, null);
	}

	/**
	 * Calls and errors per time bucket, optionally of one API key only.
	 * @param window the window
	 * @param bucket the bucket size, at least one second
	 * @param apiKeyId only the calls of this key; {@code null} for all
	 * @return the buckets in time order
	 */
	public List<TimeBucket> timeSeries(TimeWindow window, Duration bucket, @Nullable Long apiKeyId) {
		return timeSeries(window, bucket, apiKeyId, null);
	}

	/**
	 * Calls and errors per time bucket, optionally of one API key or one method only.
	 * @param window the window
	 * @param bucket the bucket size, at least one second
	 * @param apiKeyId only the calls of this key; {@code null} for all
	 * @param method only the calls of this method ({@code service/method}); {@code null}
	 * for all
	 * @return the buckets in time order
	 */
	public List<TimeBucket> timeSeries(TimeWindow window, Duration bucket, @Nullable Long apiKeyId,
			@Nullable String method) {
		Buckets buckets = new Buckets(window, bucket);
		long[][] counts = new long[buckets.count()][2];
		List<Object> parameters = new ArrayList<>(List.of(window.fromParameter(), window.toParameter()));
		String filter = filter(apiKeyId, method, parameters);
		this.jdbc.query("select " + buckets.index() + ", " + CALLS + ", " + FAILED_CALLS + RANGE + filter
				+ " group by " + buckets.index(), (ResultSet rs) -> {
					int index = buckets.position(rs.getLong(1));
					if (index >= 0) {
						counts[index][0] = rs.getLong(2);
						counts[index][1] = rs.getLong(3);
					}
				}, parameters.toArray());
		List<TimeBucket> series = new ArrayList<>(counts.length);
		for (int i = 0; i < counts.length; i++) {
			series.add(new TimeBucket(buckets.start(i), counts[i][0], counts[i][1]));
		}
		return series;
	}

	/**
	 * Latency percentiles (p50, p95, p99, exact) per time bucket, optionally of one method
	 * only. Buckets without calls are present, without percentiles.
	 * @param window the window
	 * @param bucket the bucket size, at least one second
	 * @param method only the calls of this method ({@code service/method}); {@code null}
	 * for all
	 * @return the buckets in time order
	 */
	public List<LatencyBucket> latencySeries(TimeWindow window, Duration bucket, @Nullable String method) {
		Buckets buckets = new Buckets(window, bucket);
		LatencyBucket[] found = new LatencyBucket[buckets.count()];
		List<Object> parameters = new ArrayList<>(List.of(window.fromParameter(), window.toParameter()));
		String filter = filter(null, method, parameters);
		this.jdbc.query("select " + buckets.index() + ", " + CALLS + ", " + PERCENTILES + RANGE + filter + " group by "
				+ buckets.index(), (ResultSet rs) -> {
					int index = buckets.position(rs.getLong(1));
					if (index >= 0) {
						found[index] = new LatencyBucket(buckets.start(index), rs.getLong(2), micros(rs, 3),
								micros(rs, 4), micros(rs, 5));
					}
				}, parameters.toArray());
		List<LatencyBucket> series = new ArrayList<>(found.length);
		for (int i = 0; i < found.length; i++) {
			series.add((found[i] != null) ? found[i] : new LatencyBucket(buckets.start(i), 0, null, null, null));
		}
		return series;
	}

	private static String filter(@Nullable Long apiKeyId, @Nullable String method, List<Object> parameters) {
		StringBuilder filter = new StringBuilder();
		if (apiKeyId != null) {
			filter.append(" and api_key_id = ?");
			parameters.add(apiKeyId);
		}
		if (method != null) {
			int slash = method.lastIndexOf('/');
			if (slash < 0) {
				throw new IllegalArgumentException("method must be service/method: " + method);
			}
			filter.append(" and service = ? and method = ?");
			parameters.add(method.substring(0, slash));
			parameters.add(method.substring(slash + 1));
		}
		return filter.toString();
	}

	/** The buckets of a window: which ones there are, and the SQL expression naming a row's. */
	private static final class Buckets {

		private final long size;

		private final long first;

		private final int count;

		Buckets(TimeWindow window, Duration bucket) {
			this.size = bucket.toSeconds();
			if (this.size < 1) {
				throw new IllegalArgumentException("bucket must be at least one second");
			}
			this.first = Math.floorDiv(window.from().getEpochSecond(), this.size);
			long last = Math.floorDiv(window.to().getEpochSecond() - 1, this.size);
			if (last - this.first > 10_000) {
				throw new IllegalArgumentException("too many buckets: use a larger bucket for this window");
			}
			this.count = (int) (last - this.first + 1);
		}

		int count() {
			return this.count;
		}

		// The bucket size is a validated number, inlined because H2 cannot type a parameter there.
		String index() {
			return "floor(extract(epoch from started_at) / " + this.size + ")";
		}

		int position(long index) {
			long position = index - this.first;
			return (position >= 0 && position < this.count) ? (int) position : -1;
		}

		Instant start(int position) {
			return Instant.ofEpochSecond((this.first + position) * this.size);
		}

	}

	private static @Nullable Duration micros(ResultSet rs, int column) throws SQLException {
		double value = rs.getDouble(column);
		return rs.wasNull() ? null : Duration.ofNanos(Math.round(value * 1000));
	}

	/**
	 * A half-open time window {@code [from, to)}.
	 *
	 * @param from the start, included
	 * @param to the end, excluded
	 */
	public record TimeWindow(Instant from, Instant to) {

		public TimeWindow {
			if (!from.isBefore(to)) {
				throw new IllegalArgumentException("window start must be before its end");
			}
		}

		/**
		 * The last hours up to now.
		 * @param hours the number of hours
		 * @return the window
		 */
		public static TimeWindow lastHours(int hours) {
			Instant now = Instant.now();
			return new TimeWindow(now.minus(Duration.ofHours(hours)), now);
		}

		OffsetDateTime fromParameter() {
			return OffsetDateTime.ofInstant(this.from, ZoneOffset.UTC);
		}

		OffsetDateTime toParameter() {
			return OffsetDateTime.ofInstant(this.to, ZoneOffset.UTC);
		}

	}

	/**
	 * Totals of a window.
	 *
	 * @param total calls
	 * @param successful calls that ended OK
	 * @param errors calls that failed
	 * @param cancelled calls the client cancelled
	 * @param timeouts calls past their deadline
	 * @param average mean duration, {@code null} without calls
	 * @param p50 median duration
	 * @param p95 95th percentile duration
	 * @param p99 99th percentile duration
	 */
	public record Summary(long total, long successful, long errors, long cancelled, long timeouts,
			@Nullable Duration average, @Nullable Duration p50, @Nullable Duration p95, @Nullable Duration p99) {

		/** @return successful calls as a share of all calls, 0 to 1; 1 without calls */
		public double successRate() {
			return (this.total == 0) ? 1.0 : (double) this.successful / this.total;
		}

	}

	/**
	 * Totals of one service or method.
	 *
	 * @param name the service, or {@code service/method}
	 * @param total calls
	 * @param failed calls that did not end OK
	 * @param average mean duration
	 * @param p95 95th percentile duration
	 */
	public record GroupStatistics(String name, long total, long failed, @Nullable Duration average,
			@Nullable Duration p95) {

	}

	/**
	 * How often a code was returned.
	 *
	 * @param code the gRPC code
	 * @param count the number of calls
	 */
	public record CodeCount(String code, long count) {

	}

	/**
	 * Totals of one API key.
	 *
	 * @param apiKeyId the key
	 * @param total calls
	 * @param failed calls that did not end OK
	 * @param lastCall the latest call in the window
	 */
	public record KeyStatistics(long apiKeyId, long total, long failed, Instant lastCall) {

	}

	/**
	 * Calls in one time bucket.
	 *
	 * @param start the start of the bucket
	 * @param total calls
	 * @param failed calls that did not end OK
	 */
	public record TimeBucket(Instant start, long total, long failed) {

	}

	/**
	 * Latency of the calls in one time bucket.
	 *
	 * @param start the start of the bucket
	 * @param calls calls
	 * @param p50 median duration; {@code null} without calls
	 * @param p95 95th percentile duration; {@code null} without calls
	 * @param p99 99th percentile duration; {@code null} without calls
	 */
	public record LatencyBucket(Instant start, long calls, @Nullable Duration p50, @Nullable Duration p95,
			@Nullable Duration p99) {

	}

}
