package dev.grpcstarter.benchmarks.jmh;

import java.util.concurrent.TimeUnit;

import dev.grpcstarter.core.auth.ApiKeyAuthenticator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verifying a key: a cached valid key (checksum, hash, cache hit, expiry check) and a key
 * rejected by its checksum without any lookup.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ApiKeyVerificationBenchmark {

	private ApiKeyAuthenticator authenticator;

	private String validKey;

	private String badChecksum;

	@Setup
	public void setUp() {
		this.validKey = Fixtures.validKey();
		char last = this.validKey.charAt(this.validKey.length() - 1);
		this.badChecksum = this.validKey.substring(0, this.validKey.length() - 1) + ((last == 'A') ? 'B' : 'A');
		this.authenticator = Fixtures.authenticator(this.validKey);
		this.authenticator.authenticate(this.validKey);
	}

	@Benchmark
	public Object verifyCachedKey() {
		return this.authenticator.authenticate(this.validKey);
	}

	@Benchmark
	public Object rejectBadChecksum() {
		return this.authenticator.authenticate(this.badChecksum);
	}

}
