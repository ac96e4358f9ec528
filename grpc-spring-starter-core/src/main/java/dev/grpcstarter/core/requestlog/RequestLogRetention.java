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
 * so no single statement locks or rewrites a large part of the table.
 */
public final class RequestLogRetention {

	private static final Logger logger = LoggerFactory.getLogger(RequestLogRetention.class);

	private static final String DELETE_BATCH = "delete from grpc_request_log where id in"
			+ " (select id from grpc_request_log where started_at < ? order by id limit ?)";

	private final JdbcTemplate jdbc;

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
		this.jdbc = jdbc;
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
			deleted = this.jdbc.update(DELETE_BATCH, cutoff, this.batchSize);
			total += deleted;
		}
		while (deleted == this.batchSize);
		if (total > 0) {
			logger.info("Request log retention: deleted {} rows older than {}", total, cutoff);
		}
		return total;
	}

}
