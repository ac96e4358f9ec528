package dev.grpcstarter.core.requestlog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The daily partitions of {@code grpc_request_log} on PostgreSQL (migration V7): one per UTC
 * day, named {@code grpc_request_log_yyyymmdd}, plus {@code grpc_request_log_default} for
 * rows no day exists for. Creates the days ahead of time and, as retention, drops the days
 * that ended before the retention period: whole partitions, no large deletes. Rows of such
 * days that ended up in the DEFAULT partition are deleted there in batches.
 *
 * <p>Several instances may run the same maintenance at once: each change runs in its own
 * short transaction under one transaction-scoped advisory lock, checks what exists first,
 * and waits at most the lock timeout for the tables' locks, so a change never queues for
 * long in front of the writers; what could not be done is done next time.
 *
 * <p>What writers see: a new day is attached with {@code ATTACH PARTITION}, which takes
 * only a {@code SHARE UPDATE EXCLUSIVE} lock on the table (writers are not blocked) and an
 * {@code ACCESS EXCLUSIVE} lock on the DEFAULT partition (only rows headed there wait). A
 * day is dropped with {@code DROP TABLE}, whose {@code ACCESS EXCLUSIVE} lock on the table
 * blocks writers and readers for the few milliseconds of the drop, or for at most the lock
 * timeout when a long query holds the table. {@code DETACH PARTITION CONCURRENTLY}, which
 * would avoid that, is not allowed on a table with a DEFAULT partition.
 */
public final class RequestLogPartitions {

	/** The partition that takes rows of days without their own partition. */
	public static final String DEFAULT_PARTITION = RequestLogTable.NAME + "_default";

	private static final Logger logger = LoggerFactory.getLogger(RequestLogPartitions.class);

	/** The advisory lock of the maintenance ("grpcRLog" in ASCII), held per transaction. */
	private static final long ADVISORY_LOCK = 0x6772_7063_524c_6f67L;

	private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

	private static final DateTimeFormatter LITERAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxxx");

	private static final Pattern DAY_PARTITION = Pattern.compile(RequestLogTable.NAME + "_(\\d{8})");

	private static final String IS_PARTITIONED = "select count(*) from pg_catalog.pg_class"
			+ " where oid = to_regclass('" + RequestLogTable.NAME + "') and relkind = 'p'";

	private static final String PARTITIONS = "select c.relname from pg_catalog.pg_inherits i"
			+ " join pg_catalog.pg_class c on c.oid = i.inhrelid where i.inhparent = to_regclass('"
			+ RequestLogTable.NAME + "')";

	private final JdbcTemplate jdbc;

	private final int daysAhead;

	private final Duration retention;

	private final Duration lockTimeout;

	private final Clock clock;

	private final RequestLogRetention defaultPartitionRetention;

	/**
	 * The maintenance of the partitions.
	 * @param jdbc the database, PostgreSQL with the partitioned table
	 * @param daysAhead days after today to have a partition for
	 * @param retention how long rows are kept
	 * @param batchSize rows deleted per statement from the DEFAULT partition
	 * @param lockTimeout longest wait for a table lock before giving up until next time
	 * @param clock the clock
	 */
	public RequestLogPartitions(JdbcTemplate jdbc, int daysAhead, Duration retention, int batchSize,
			Duration lockTimeout, Clock clock) {
		if (daysAhead < 0) {
			throw new IllegalArgumentException("days ahead must not be negative, was " + daysAhead);
		}
		this.jdbc = jdbc;
		this.daysAhead = daysAhead;
		this.retention = retention;
		this.lockTimeout = lockTimeout;
		this.clock = clock;
		this.defaultPartitionRetention = new RequestLogRetention(jdbc, DEFAULT_PARTITION, retention, batchSize,
				clock);
	}

	/**
	 * Whether the request log is partitioned (PostgreSQL after migration V7).
	 * @param jdbc the database
	 * @return whether {@code grpc_request_log} is a partitioned table
	 */
	public static boolean isPartitioned(JdbcTemplate jdbc) {
		Boolean postgres = jdbc.execute((Connection connection) -> connection.getMetaData()
			.getDatabaseProductName()
			.equalsIgnoreCase("PostgreSQL"));
		if (!Boolean.TRUE.equals(postgres)) {
			return false;
		}
		Long found = jdbc.queryForObject(IS_PARTITIONED, Long.class);
		return found != null && found > 0;
	}

	/** Creates the days ahead, then drops the days past the retention: the periodic chore. */
	public void maintain() {
		try {
			createAhead();
		}
		catch (RuntimeException ex) {
			// Retention does not depend on it: the DEFAULT partition takes the rows meanwhile.
			logger.warn("Request log: could not create partitions ahead, will retry: {}", ex.getMessage());
		}
		dropExpired();
	}

	/**
	 * Makes sure today and the days ahead have a partition. Rows of such a day that went to
	 * the DEFAULT partition meanwhile move into the new partition.
	 * @return the days created
	 */
	public List<LocalDate> createAhead() {
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		Set<LocalDate> existing = days();
		List<LocalDate> created = new ArrayList<>();
		for (int i = 0; i <= this.daysAhead; i++) {
			LocalDate day = today.plusDays(i);
			if (!existing.contains(day) && inTransaction((connection) -> create(connection, day))) {
				created.add(day);
			}
		}
		if (!created.isEmpty()) {
			logger.info("Request log: created partitions for {}", created);
		}
		return created;
	}

	/**
	 * Drops the partitions of days that ended at least the retention period ago, and deletes
	 * the DEFAULT partition's rows older than the retention period. Rows are therefore kept
	 * for the retention period and at most one day more.
	 * @return the days dropped
	 */
	public List<LocalDate> dropExpired() {
		Instant cutoff = this.clock.instant().minus(this.retention);
		List<LocalDate> dropped = new ArrayList<>();
		for (LocalDate day : days()) {
			if (!start(day.plusDays(1)).isAfter(cutoff) && inTransaction((connection) -> drop(connection, day))) {
				dropped.add(day);
			}
		}
		if (!dropped.isEmpty()) {
			logger.info("Request log retention: dropped the partitions of {}", dropped);
		}
		this.defaultPartitionRetention.purge();
		return dropped;
	}

	/** @return the days that have a partition, in order */
	public Set<LocalDate> days() {
		Set<LocalDate> days = new TreeSet<>();
		for (String name : this.jdbc.queryForList(PARTITIONS, String.class)) {
			LocalDate day = day(name);
			if (day != null) {
				days.add(day);
			}
		}
		return days;
	}

	/**
	 * The name of a day's partition.
	 * @param day the day (UTC)
	 * @return {@code grpc_request_log_yyyymmdd}
	 */
	public static String partitionName(LocalDate day) {
		return RequestLogTable.NAME + "_" + DAY.format(day);
	}

	private static @Nullable LocalDate day(String partition) {
		Matcher matcher = DAY_PARTITION.matcher(partition);
		if (!matcher.matches()) {
			return null;
		}
		try {
			return LocalDate.parse(matcher.group(1), DAY);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/**
	 * Creates the day as a table of its own, moves the DEFAULT partition's rows of that day
	 * into it (normally none) and attaches it, which locks writers out of the table far less
	 * than {@code CREATE TABLE ... PARTITION OF} (an {@code ACCESS EXCLUSIVE} lock).
	 */
	private boolean create(Connection connection, LocalDate day) throws SQLException {
		if (attached(connection).contains(partitionName(day))) {
			return false;
		}
		String name = partitionName(day);
		String from = literal(start(day));
		String to = literal(start(day.plusDays(1)));
		try (Statement statement = connection.createStatement()) {
			// No more rows of that day may reach the DEFAULT partition until the day is attached.
			statement.execute("lock table " + DEFAULT_PARTITION + " in exclusive mode");
			statement.execute("create table " + name + " (like " + RequestLogTable.NAME
					+ " including defaults including constraints)");
			int moved = statement.executeUpdate("with moved as (delete from " + DEFAULT_PARTITION
					+ " where started_at >= " + from + " and started_at < " + to + " returning *) insert into " + name
					+ " select * from moved");
			statement.execute("alter table " + RequestLogTable.NAME + " attach partition " + name
					+ " for values from (" + from + ") to (" + to + ")");
			if (moved > 0) {
				logger.info("Request log: moved {} rows of {} from the DEFAULT partition into {}", moved, day, name);
			}
		}
		return true;
	}

	private boolean drop(Connection connection, LocalDate day) throws SQLException {
		if (!attached(connection).contains(partitionName(day))) {
			return false;
		}
		try (Statement statement = connection.createStatement()) {
			statement.execute("drop table " + partitionName(day));
		}
		return true;
	}

	private static Set<String> attached(Connection connection) throws SQLException {
		Set<String> names = new TreeSet<>();
		try (PreparedStatement statement = connection.prepareStatement(PARTITIONS);
				ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				names.add(rows.getString(1));
			}
		}
		return names;
	}

	/**
	 * Runs one change in its own transaction, after the maintenance's advisory lock, with
	 * the lock timeout for every lock it takes.
	 * @return whether the change was made; false when another instance made it first
	 */
	private boolean inTransaction(Change change) {
		Boolean done = this.jdbc.execute((ConnectionCallback<Boolean>) (connection) -> {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try {
				try (Statement statement = connection.createStatement()) {
					// Another instance holds the advisory lock for one short change at most (its
					// table locks are bounded by the timeout): wait for it without the timeout.
					statement.execute("select pg_advisory_xact_lock(" + ADVISORY_LOCK + ")");
					statement.execute("set local lock_timeout = " + Math.max(1, this.lockTimeout.toMillis()));
				}
				boolean result = change.apply(connection);
				connection.commit();
				return result;
			}
			catch (SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(autoCommit);
			}
		});
		return Boolean.TRUE.equals(done);
	}

	private static Instant start(LocalDate day) {
		return day.atStartOfDay(ZoneOffset.UTC).toInstant();
	}

	/** A plain literal: partition bounds must be constants before PostgreSQL 12. */
	private static String literal(Instant instant) {
		return "'" + LITERAL.format(OffsetDateTime.ofInstant(instant, ZoneOffset.UTC)) + "'";
	}

	@FunctionalInterface
	private interface Change {

		boolean apply(Connection connection) throws SQLException;

	}

}
