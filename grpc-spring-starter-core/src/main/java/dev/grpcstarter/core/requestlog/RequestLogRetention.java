package dev.grpcstarter.core.requestlog;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deletes request-log rows older than the retention period, in bounded batches (by id),
 * so no single statement locks or rewrites a large part of the table. Where the log is
 * partitioned (PostgreSQL), {@link RequestLogPartitions} drops whole days instead and uses
 * this only for its DEFAULT partition.
 */
public final class RequestLogRetention {

	private static final Logger logger = LoggerFactory.getLogger(RequestLogRetention.class);

	private final JdbcTemplate jdbc;

	private final String deleteBatch;

	private final Duration retention;

	private final int batchSize;

	private final Clock clock;

	/**
	 * A retention policy.
	 * @param jdbc the database
	 * @param retention how long rows are kept
	 * @param batchSize rows deleted per statement
	 * @param clock the clock
	 */
	public RequestLogRetention(JdbcTemplate jdbc, Duration retention, int batchSize, Clock clock) {
		this(jdbc, RequestLogTable.NAME, retention, batchSize, clock);
	}

	/**
	 * A retention policy on one table, the request log or one of its partitions.
	 * @param jdbc the database
	 * @param table the table
	 * @param retention how long rows are kept
	 * @param batchSize rows deleted per statement
	 * @param clock the clock
	 */
	RequestLogRetention(JdbcTemplate jdbc, String table, Duration retention, int batchSize, Clock clock) {
		this.jdbc = jdbc;
		this.deleteBatch = "delete from " + table + " where id in (select id from " + table
				+ " where started_at < ? order by id limit ?)";
		this.retention = retention;
		this.batchSize = batchSize;
		this.clock = clock;
	}

	/**
	 * Deletes every row older than the retention period.
	 * @return the number of rows deleted
	 */
	public long purge() {
		OffsetDateTime cutoff = OffsetDateTime.ofInstant(this.clock.instant().minus(this.retention), ZoneOffset.UTC);
		long total = 0;
		int deleted;
		do {
			deleted = this.jdbc.update(this.deleteBatch, cutoff, this.batchSize);
			total += deleted;
		}
		while (deleted == this.batchSize);
		if (total > 0) {
			logger.info("Request log retention: deleted {} rows older than {}", total, cutoff);
		}
		return total;
	}

}
