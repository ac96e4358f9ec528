package dev.grpcstarter.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.grpcstarter.autoconfigure.background.GrpcBackgroundAutoConfiguration;
import dev.grpcstarter.autoconfigure.call.GrpcClientAddressAutoConfiguration;
import dev.grpcstarter.autoconfigure.requestlog.GrpcRequestLogAutoConfiguration;
import dev.grpcstarter.autoconfigure.schema.GrpcStarterSchemaAutoConfiguration;
import dev.grpcstarter.autoconfigure.status.GrpcInstanceAutoConfiguration;
import dev.grpcstarter.core.requestlog.RequestLogEntry;
import dev.grpcstarter.core.requestlog.RequestLogFilter;
import dev.grpcstarter.core.requestlog.RequestLogPartitions;
import dev.grpcstarter.core.requestlog.RequestLogSearch;
import dev.grpcstarter.core.requestlog.RequestLogStatistics;
import dev.grpcstarter.core.requestlog.RequestLogStatistics.TimeWindow;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import dev.grpcstarter.core.requestlog.RequestStatus;
import dev.grpcstarter.core.schema.GrpcStarterSchemaMigration;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The request log partitioned by day on PostgreSQL (migration V7 and
 * {@link RequestLogPartitions}): an existing table migrated without losing a row, days
 * created ahead by several instances at once, whole days dropped by retention, time-bounded
 * queries reading only their days (shown with {@code EXPLAIN}), and three instances writing
 * at full speed while the partitions change under them.
 */
class PostgresRequestLogPartitionTests {

	private static final String COLUMNS = "id, request_id, instance_id, service, method, call_type, status, grpc_code,"
			+ " error_message, duration_us, api_key_id, principal, authenticated, client_ip, user_agent, messages_in,"
			+ " messages_out, bytes_in, bytes_out, started_at";

	private static final Pattern PARTITION = Pattern.compile("grpc_request_log_(\\d{8}|default)");

	private final List<SingleConnectionDataSource> dataSources = new ArrayList<>();

	private String url;

	private LocalDate today;

	@BeforeEach
	void newDatabase() {
		this.url = EmbeddedPostgres.newDatabase();
		this.today = LocalDate.now(ZoneOffset.UTC);
	}

	@AfterEach
	void closeDataSources() {
		this.dataSources.forEach(SingleConnectionDataSource::destroy);
	}

	@Test
	void whenAnUnpartitionedLogWithRowsIsMigratedThenEveryRowIsKept() {
		JdbcTemplate jdbc = jdbc();
		Flyway.configure()
			.dataSource(dataSource())
			.table(GrpcStarterSchemaMigration.HISTORY_TABLE)
			.locations("classpath:dev/grpcstarter/db/migration/common",
					"classpath:dev/grpcstarter/db/migration/postgresql")
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.target("6")
			.load()
			.migrate();
		// 10,000 rows, one every 7 minutes back from now (about 49 days), plus 3 rows two years old.
		jdbc.update("insert into grpc_request_log (request_id, instance_id, service, method, call_type, status,"
				+ " grpc_code, error_message, duration_us, api_key_id, principal, authenticated, client_ip, user_agent,"
				+ " messages_in, messages_out, bytes_in, bytes_out, started_at)"
				+ " select 'r-' || g, 'old-instance', 'migrate.v1.S', 'M' || (g % 3), 'unary',"
				+ " case when g % 5 = 0 then 'error' else 'success' end, case when g % 5 = 0 then 'INTERNAL' else 'OK' end,"
				+ " case when g % 5 = 0 then 'boom ' || g end, g * 3, case when g % 2 = 0 then g % 7 end,"
				+ " case when g % 2 = 0 then 'user-' || (g % 7) end, g % 2 = 0, '10.0.0.' || (g % 250), 'grpc-java',"
				+ " 1, g % 4, g * 10, g * 20, now() - g * interval '7 minutes'"
				+ " from generate_series(1, 10000) g");
		jdbc.update("insert into grpc_request_log (request_id, instance_id, service, method, call_type, status,"
				+ " grpc_code, duration_us, authenticated, messages_in, messages_out, bytes_in, bytes_out, started_at)"
				+ " select 'ancient-' || g, 'old-instance', 'migrate.v1.S', 'M', 'unary', 'success', 'OK', 1, false,"
				+ " 1, 1, 1, 1, now() - interval '730 days' + g * interval '1 hour' from generate_series(1, 3) g");
		// The newest id (an old row's) is deleted: new ids must still not reuse it.
		long lastId = jdbc.queryForObject("select max(id) from grpc_request_log", Long.class);
		jdbc.update("delete from grpc_request_log where id = ?", lastId);
		Fingerprint before = fingerprint(jdbc);
		assertThat(before.rows()).isEqualTo(10_002);

		assertThat(new GrpcStarterSchemaMigration(dataSource()).migrate()).isPositive();

		assertThat(jdbc.queryForObject("select relkind::text from pg_class where relname = 'grpc_request_log'",
				String.class))
			.isEqualTo("p");
		assertThat(fingerprint(jdbc)).isEqualTo(before);
		assertThat(jdbc.queryForObject("select count(*) from " + RequestLogPartitions.DEFAULT_PARTITION, Long.class))
			.as("rows older than a year wait in the DEFAULT partition")
			.isEqualTo(2);
		// One partition a day from the oldest row's day, at most a year back, to two days ahead.
		LocalDate oldestDay = this.today.minusDays(366);
		Set<LocalDate> days = partitions(jdbc).days();
		assertThat(days).first().isEqualTo(oldestDay);
		assertThat(days).last().isEqualTo(this.today.plusDays(2));
		assertThat(days).hasSize((int) (this.today.plusDays(2).toEpochDay() - oldestDay.toEpochDay() + 1));
		jdbc.update("insert into grpc_request_log (request_id, instance_id, service, method, call_type, status,"
				+ " grpc_code, duration_us, authenticated, messages_in, messages_out, bytes_in, bytes_out, started_at)"
				+ " values ('new', 'new-instance', 'migrate.v1.S', 'M', 'unary', 'success', 'OK', 1, false, 1, 1, 1, 1,"
				+ " now())");
		assertThat(jdbc.queryForObject("select id from grpc_request_log where request_id = 'new'", Long.class))
			.isGreaterThan(lastId);
	}

	@Test
	void whenThreeInstancesCreateTheDaysAheadAtOnceThenEachDayIsCreatedOnce() throws Exception {
		migrate();
		Clock later = noon(this.today.plusDays(10));
		List<RequestLogPartitions> instances = List.of(partitions(jdbc(), later, 7), partitions(jdbc(), later, 7),
				partitions(jdbc(), later, 7));
		CountDownLatch start = new CountDownLatch(1);
		List<Callable<List<LocalDate>>> runs = new ArrayList<>();
		for (RequestLogPartitions instance : instances) {
			runs.add(() -> {
				start.await();
				return instance.createAhead();
			});
		}
		ExecutorService pool = Executors.newFixedThreadPool(3);
		List<LocalDate> created = new ArrayList<>();
		try {
			List<Future<List<LocalDate>>> results = new ArrayList<>();
			for (Callable<List<LocalDate>> run : runs) {
				results.add(pool.submit(run));
			}
			start.countDown();
			for (Future<List<LocalDate>> result : results) {
				created.addAll(result.get(30, TimeUnit.SECONDS));
			}
		}
		finally {
			pool.shutdownNow();
		}
		List<LocalDate> expected = new ArrayList<>();
		for (int i = 0; i <= 7; i++) {
			expected.add(this.today.plusDays(10 + i));
		}
		assertThat(created).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(instances.get(0).days()).containsAll(expected);
		assertThat(instances.get(1).createAhead()).isEmpty();
	}

	@Test
	void whenADayHasNoPartitionThenItsRowsWaitInTheDefaultPartitionAndMoveWhenTheDayIsCreated() {
		migrate();
		JdbcTemplate jdbc = jdbc();
		LocalDate day = this.today.plusDays(30);
		insertHourly(jdbc, day, 1);
		assertThat(count(jdbc, RequestLogPartitions.DEFAULT_PARTITION)).isEqualTo(24);

		assertThat(partitions(jdbc, noon(day), 1).createAhead()).containsExactly(day, day.plusDays(1));

		assertThat(count(jdbc, RequestLogPartitions.DEFAULT_PARTITION)).isZero();
		assertThat(count(jdbc, RequestLogPartitions.partitionName(day))).isEqualTo(24);
		assertThat(count(jdbc, "grpc_request_log")).isEqualTo(24);
	}

	@Test
	void whenRetentionRunsThenWholeExpiredDaysAreDroppedAndTheRestIsKept() {
		migrate();
		JdbcTemplate jdbc = jdbc();
		partitions(jdbc, noon(this.today.minusDays(40)), 45).createAhead();
		insertHourly(jdbc, this.today.minusDays(40), 41);
		// Rows of a day without a partition, long past: in the DEFAULT partition, deleted in batches.
		insertHourly(jdbc, this.today.minusDays(400), 1);
		assertThat(count(jdbc, RequestLogPartitions.DEFAULT_PARTITION)).isEqualTo(24);

		RequestLogPartitions partitions = new RequestLogPartitions(jdbc, 2, Duration.ofDays(30), 5,
				Duration.ofSeconds(2), noon(this.today));
		List<LocalDate> dropped = partitions.dropExpired();

		// The cutoff is noon 30 days ago: the day 31 days ago is the last to have ended before it.
		List<LocalDate> expected = new ArrayList<>();
		for (int i = 40; i >= 31; i--) {
			expected.add(this.today.minusDays(i));
		}
		assertThat(dropped).containsExactlyElementsOf(expected);
		assertThat(partitions.days()).first().isEqualTo(this.today.minusDays(30));
		assertThat(count(jdbc, RequestLogPartitions.DEFAULT_PARTITION)).isZero();
		assertThat(count(jdbc, "grpc_request_log")).isEqualTo(31 * 24);
		assertThat(jdbc.queryForObject("select min(started_at) from grpc_request_log", java.time.OffsetDateTime.class)
			.toInstant()).isEqualTo(this.today.minusDays(30).atStartOfDay(ZoneOffset.UTC).toInstant());
		assertThat(partitions.dropExpired()).isEmpty();
	}

	@Test
	void whenALongQueryHoldsTheLogThenDroppingADayGivesUpAfterTheLockTimeoutAndWritersGoOn() throws Exception {
		migrate();
		JdbcTemplate jdbc = jdbc();
		partitions(jdbc, noon(this.today.minusDays(40)), 1).createAhead();
		insertHourly(jdbc, this.today.minusDays(40), 1);
		RequestLogPartitions partitions = new RequestLogPartitions(jdbc(), 2, Duration.ofDays(30), 1000,
				Duration.ofMillis(300), noon(this.today));
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try (Connection reader = DriverManager.getConnection(this.url, "postgres", "")) {
			// A long report: its transaction keeps the log's partitions share-locked until it ends.
			reader.setAutoCommit(false);
			try (Statement statement = reader.createStatement()) {
				statement.executeQuery("select count(*) from grpc_request_log").close();
			}
			Future<List<LocalDate>> drop = pool.submit(partitions::dropExpired);
			JdbcTemplate observer = jdbc();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> drop.isDone() || observer.queryForObject("select count(*) from pg_stat_activity"
						+ " where wait_event_type = 'Lock' and query like 'drop table%'", Long.class) > 0);
			// A writer queued behind the waiting drop gets through once the drop gives up.
			Future<?> write = pool.submit(() -> insertHourly(jdbc(), this.today, 1));
			write.get(10, TimeUnit.SECONDS);
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> drop.get(10, TimeUnit.SECONDS))
				.withRootCauseInstanceOf(SQLException.class)
				.withMessageContaining("lock timeout");
			assertThat(partitions.days()).contains(this.today.minusDays(40));
			reader.commit();
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(partitions.dropExpired()).containsExactly(this.today.minusDays(40), this.today.minusDays(39));
		assertThat(count(jdbc, "grpc_request_log")).isEqualTo(24);
	}

	@Test
	void whenStatisticsAndSearchesAreBoundedInTimeThenTheyReadOnlyTheDaysOfTheirRange() {
		migrate();
		JdbcTemplate jdbc = jdbc();
		partitions(jdbc, noon(this.today.minusDays(5)), 7).createAhead();
		insertHourly(jdbc, this.today.minusDays(5), 6);
		jdbc.execute("analyze grpc_request_log");
		CapturingJdbcTemplate capturing = new CapturingJdbcTemplate(jdbc);
		Instant yesterday = this.today.minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
		String yesterdays = RequestLogPartitions.partitionName(this.today.minusDays(1));
		String todays = RequestLogPartitions.partitionName(this.today);

		RequestLogStatistics statistics = new RequestLogStatistics(capturing);
		statistics.summary(new TimeWindow(yesterday.plusSeconds(3600), yesterday.plusSeconds(5 * 3600)));
		assertThat(capturing.explainedPartitions()).containsExactly(yesterdays);
		statistics.byService(new TimeWindow(yesterday.plusSeconds(3600), yesterday.plus(Duration.ofHours(30))), 10);
		assertThat(capturing.explainedPartitions()).containsExactly(yesterdays, todays);
		statistics.topErrorCodes(new TimeWindow(yesterday, yesterday.plus(Duration.ofDays(1))), 10);
		assertThat(capturing.explainedPartitions()).containsExactly(yesterdays);

		new RequestLogSearch(capturing).find(new RequestLogFilter(yesterday.plusSeconds(60),
				yesterday.plusSeconds(120), "partition.v1.S", null, null, null, null, null, null), null, 50);
		assertThat(capturing.explainedPartitions()).containsExactly(yesterdays);
	}

	@Test
	void whenThreeInstancesWriteAtFullSpeedWhileTheirMaintenanceRunsThenEveryRowIsStoredOnce() throws Exception {
		migrate();
		int rowsPerThread = 21_000;
		int threadsPerInstance = 2;
		LocalDate farDay = this.today.plusDays(60);
		List<RequestLogWriter> writers = new ArrayList<>();
		List<RequestLogPartitions> maintenance = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			RequestLogWriter writer = new RequestLogWriter(jdbc(), 1_000_000, 500, Duration.ofMillis(20),
					Duration.ofSeconds(30));
			writer.start();
			writers.add(writer);
			// The third instance's clock is 60 days ahead (its retention long enough to keep
			// today): it creates that day while rows of it arrive in the DEFAULT partition, so
			// they move while the writers go on.
			maintenance.add((i == 2)
					? new RequestLogPartitions(jdbc(), 2, Duration.ofDays(365), 1000, Duration.ofSeconds(2),
							noon(farDay))
					: partitions(jdbc(), Clock.systemUTC(), 2));
		}
		AtomicBoolean writing = new AtomicBoolean(true);
		AtomicLong waitingInDefault = new AtomicLong();
		ExecutorService pool = Executors.newFixedThreadPool(3 * threadsPerInstance + 3);
		try {
			List<Future<?>> maintained = new ArrayList<>();
			JdbcTemplate observer = jdbc();
			for (RequestLogPartitions instance : maintenance) {
				boolean createsFarDay = instance == maintenance.get(2);
				maintained.add(pool.submit(() -> {
					while (createsFarDay && writing.get() && waitingInDefault.get() == 0) {
						waitingInDefault.set(count(observer, RequestLogPartitions.DEFAULT_PARTITION));
					}
					while (writing.get()) {
						instance.maintain();
						Thread.sleep(20);
					}
					return null;
				}));
			}
			Instant[] times = { Instant.now(), Instant.now().plus(Duration.ofDays(1)), noon(farDay).instant() };
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> written = new ArrayList<>();
			for (int w = 0; w < writers.size(); w++) {
				RequestLogWriter writer = writers.get(w);
				String instanceId = "instance-" + w;
				for (int t = 0; t < threadsPerInstance; t++) {
					String thread = "t" + t;
					written.add(pool.submit(() -> {
						start.await();
						for (int i = 0; i < rowsPerThread; i++) {
							writer.accept(entry(thread + "-" + i, instanceId, times[i % times.length].plusMillis(i)));
						}
						return null;
					}));
				}
			}
			start.countDown();
			for (Future<?> future : written) {
				future.get(60, TimeUnit.SECONDS);
			}
			for (RequestLogWriter writer : writers) {
				assertThat(writer.awaitIdle(Duration.ofSeconds(60))).isTrue();
			}
			writing.set(false);
			for (Future<?> future : maintained) {
				future.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			writing.set(false);
			pool.shutdownNow();
			writers.forEach(RequestLogWriter::close);
		}
		long perInstance = (long) rowsPerThread * threadsPerInstance;
		for (RequestLogWriter writer : writers) {
			RequestLogWriter.Counts counts = writer.counts();
			assertThat(counts.accepted()).isEqualTo(perInstance);
			assertThat(counts.written()).isEqualTo(perInstance);
			assertThat(counts.dropped()).isZero();
		}
		JdbcTemplate jdbc = jdbc();
		Map<String, Object> totals = jdbc.queryForMap("select count(*) as total,"
				+ " count(distinct (instance_id, request_id)) as distinct_rows from grpc_request_log");
		assertThat(totals.get("total")).isEqualTo(3 * perInstance);
		assertThat(totals.get("distinct_rows")).isEqualTo(3 * perInstance);
		assertThat(jdbc.queryForList("select count(*) from grpc_request_log group by instance_id", Long.class))
			.containsExactly(perInstance, perInstance, perInstance);
		assertThat(waitingInDefault.get()).as("rows of the far day waited in the DEFAULT partition").isPositive();
		assertThat(partitions(jdbc).days()).contains(farDay);
		assertThat(count(jdbc, RequestLogPartitions.partitionName(farDay))).isEqualTo(perInstance);
		assertThat(count(jdbc, RequestLogPartitions.DEFAULT_PARTITION)).isZero();
	}

	@Test
	void whenTheApplicationStartsOnAPartitionedLogThenItCreatesTheDaysAheadAtOnce() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					GrpcStarterSchemaAutoConfiguration.class, GrpcBackgroundAutoConfiguration.class,
					GrpcInstanceAutoConfiguration.class, GrpcClientAddressAutoConfiguration.class,
					GrpcRequestLogAutoConfiguration.class))
			.withPropertyValues(EmbeddedPostgres.datasourceProperties(this.url, Duration.ofSeconds(5))
				.toArray(String[]::new))
			.withPropertyValues("grpc.request-log.partitions.ahead=12")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(javax.sql.DataSource.class));
				await().atMost(Duration.ofSeconds(20))
					.untilAsserted(() -> assertThat(partitions(jdbc).days()).contains(this.today.plusDays(12)));
			});
	}

	private void migrate() {
		new GrpcStarterSchemaMigration(dataSource()).migrate();
	}

	private SingleConnectionDataSource dataSource() {
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(this.url, "postgres", "", true);
		this.dataSources.add(dataSource);
		return dataSource;
	}

	private JdbcTemplate jdbc() {
		return new JdbcTemplate(dataSource());
	}

	private static RequestLogPartitions partitions(JdbcTemplate jdbc) {
		return partitions(jdbc, Clock.systemUTC(), 2);
	}

	private static RequestLogPartitions partitions(JdbcTemplate jdbc, Clock clock, int ahead) {
		return new RequestLogPartitions(jdbc, ahead, Duration.ofDays(30), 1000, Duration.ofSeconds(2), clock);
	}

	private static Clock noon(LocalDate day) {
		return Clock.fixed(day.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
	}

	/** One row per hour of each of the given days, on the hour. */
	private static void insertHourly(JdbcTemplate jdbc, LocalDate first, int days) {
		jdbc.update("insert into grpc_request_log (request_id, instance_id, service, method, call_type, status,"
				+ " grpc_code, duration_us, authenticated, messages_in, messages_out, bytes_in, bytes_out, started_at)"
				+ " select 'h-' || g, 'seed', 'partition.v1.S', 'M', 'unary', 'success', 'OK', 1, false, 1, 1, 1, 1,"
				+ " ?::timestamptz + g * interval '1 hour' from generate_series(0, ? - 1) g",
				first.atStartOfDay(ZoneOffset.UTC).toOffsetDateTime(), days * 24);
	}

	private static long count(JdbcTemplate jdbc, String table) {
		return jdbc.queryForObject("select count(*) from " + table, Long.class);
	}

	private static Fingerprint fingerprint(JdbcTemplate jdbc) {
		return jdbc.queryForObject("select count(*), md5(string_agg(t::text, '|' order by id)) from (select " + COLUMNS
				+ " from grpc_request_log) t", (rs, row) -> new Fingerprint(rs.getLong(1), rs.getString(2)));
	}

	private static RequestLogEntry entry(String requestId, String instanceId, Instant startedAt) {
		return new RequestLogEntry(null, requestId, instanceId, "partition.v1.S", "M", "unary", RequestStatus.SUCCESS,
				"OK", null, 1, null, null, false, null, null, 1, 1, 1, 1, startedAt);
	}

	private record Fingerprint(long rows, String md5) {

	}

	/**
	 * Runs the queries it is given and keeps the last one, so a test can {@code EXPLAIN}
	 * exactly the SQL and parameters the statistics and the search use.
	 */
	private static final class CapturingJdbcTemplate extends JdbcTemplate {

		private final JdbcTemplate target;

		private String sql = "";

		private Object[] arguments = {};

		CapturingJdbcTemplate(JdbcTemplate target) {
			super(target.getDataSource());
			this.target = target;
		}

		@Override
		public <T> List<T> query(String sql, RowMapper<T> rowMapper, Object... args) {
			capture(sql, args);
			return super.query(sql, rowMapper, args);
		}

		@Override
		public <T> T queryForObject(String sql, RowMapper<T> rowMapper, Object... args) {
			capture(sql, args);
			return super.queryForObject(sql, rowMapper, args);
		}

		private void capture(String sql, Object[] args) {
			this.sql = sql;
			this.arguments = args.clone();
		}

		/** @return the partitions the last query's plan reads, in name order */
		Set<String> explainedPartitions() {
			List<String> plan = this.target.execute((Connection connection) -> {
				List<String> lines = new ArrayList<>();
				try (PreparedStatement statement = connection.prepareStatement("explain " + this.sql)) {
					for (int i = 0; i < this.arguments.length; i++) {
						statement.setObject(i + 1, this.arguments[i]);
					}
					try (ResultSet rows = statement.executeQuery()) {
						while (rows.next()) {
							lines.add(rows.getString(1));
						}
					}
				}
				catch (SQLException ex) {
					throw new IllegalStateException(ex);
				}
				return lines;
			});
			Set<String> partitions = new TreeSet<>();
			for (String line : plan) {
				Matcher matcher = PARTITION.matcher(line);
				while (matcher.find()) {
					partitions.add(matcher.group());
				}
			}
			assertThat(plan).as("the plan names the partitions it reads").isNotEmpty();
			return partitions;
		}

	}

}
