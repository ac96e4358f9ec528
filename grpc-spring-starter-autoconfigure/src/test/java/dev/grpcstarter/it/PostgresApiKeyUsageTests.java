package dev.grpcstarter.it;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.grpcstarter.core.apikey.ApiKeyUsageRecorder;
import dev.grpcstarter.core.background.BackgroundScheduler;
import dev.grpcstarter.core.schema.GrpcStarterSchemaMigration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Usage of one key counted by several instances, each with its own recorder and its own
 * connection to one PostgreSQL database, flushing at the same moments: the counts add up
 * exactly and the last use never goes back in time.
 */
class PostgresApiKeyUsageTests {

	private static final int INSTANCES = 4;

	private final List<SingleConnectionDataSource> connections = new ArrayList<>();

	private final List<ApiKeyUsageRecorder> recorders = new ArrayList<>();

	private JdbcTemplate jdbc;

	private long keyId;

	@BeforeEach
	void createKey() {
		String url = EmbeddedPostgres.newDatabase();
		for (int i = 0; i <= INSTANCES; i++) {
			this.connections.add(new SingleConnectionDataSource(url, "postgres", "", true));
		}
		new GrpcStarterSchemaMigration(this.connections.get(0)).migrate();
		this.jdbc = new JdbcTemplate(this.connections.get(0));
		this.keyId = this.jdbc.queryForObject("insert into grpc_api_key (name, owner, key_prefix, key_hash,"
				+ " authorities, scopes, created_at, request_count) values ('usage', 'rita', 'gsk_usage', ?, '', '',"
				+ " now(), 0) returning id", Long.class, "a".repeat(64));
		for (int i = 1; i <= INSTANCES; i++) {
			// Flushed by the test only: never started, so the scheduler is never asked.
			this.recorders.add(new ApiKeyUsageRecorder(new JdbcTemplate(this.connections.get(i)),
					new BackgroundScheduler(), Duration.ofMinutes(1)));
		}
	}

	@AfterEach
	void close() {
		this.connections.forEach(SingleConnectionDataSource::destroy);
	}

	@Test
	void whenSeveralInstancesFlushTheSameKeyAtOnceThenNoCountIsLost() throws Exception {
		int rounds = 50;
		int callsPerRound = 37;
		CyclicBarrier together = new CyclicBarrier(INSTANCES);
		ExecutorService pool = Executors.newFixedThreadPool(INSTANCES);
		try {
			List<Future<Long>> written = new ArrayList<>();
			for (ApiKeyUsageRecorder recorder : this.recorders) {
				written.add(pool.submit(() -> {
					long total = 0;
					for (int round = 0; round < rounds; round++) {
						for (int call = 0; call < callsPerRound; call++) {
							recorder.record(this.keyId);
						}
						// Every instance's update of the same row in the same moment.
						together.await(30, TimeUnit.SECONDS);
						total += recorder.flush();
					}
					return total;
				}));
			}
			for (Future<Long> instance : written) {
				assertThat(instance.get(60, TimeUnit.SECONDS)).isEqualTo((long) rounds * callsPerRound);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(requestCount()).isEqualTo((long) INSTANCES * rounds * callsPerRound);
	}

	@Test
	void whenAnInstanceFlushesAnOlderLastUseAfterANewerOneThenTheNewerStays() {
		ApiKeyUsageRecorder earlier = this.recorders.get(0);
		ApiKeyUsageRecorder later = this.recorders.get(1);
		earlier.record(this.keyId);
		long recordedAt = System.currentTimeMillis();
		// The second call must fall on a later millisecond than the first.
		while (System.currentTimeMillis() <= recordedAt) {
			Thread.onSpinWait();
		}
		later.record(this.keyId);
		later.flush();
		Timestamp newer = lastUsedAt();
		earlier.flush();
		assertThat(lastUsedAt()).isEqualTo(newer);
		assertThat(requestCount()).isEqualTo(2);
	}

	private long requestCount() {
		return this.jdbc.queryForObject("select request_count from grpc_api_key where id = ?", Long.class,
				this.keyId);
	}

	private Timestamp lastUsedAt() {
		return this.jdbc.queryForObject("select last_used_at from grpc_api_key where id = ?", Timestamp.class,
				this.keyId);
	}

}
