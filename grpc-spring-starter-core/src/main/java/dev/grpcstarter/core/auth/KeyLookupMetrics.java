package dev.grpcstarter.core.auth;

import java.util.Locale;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer meters of API-key lookups: {@code grpc.auth.lookup.circuit-breaker.state}
 * (a gauge per state, tag {@code state}: 1 for the current state, 0 for the others) and
 * {@code grpc.auth.lookup.stale-accepted} (calls accepted on a key's last verified state
 * because the database could not answer).
 */
public final class KeyLookupMetrics implements MeterBinder {

	private final KeyLookupExecutor lookups;

	private final ApiKeyAuthenticator authenticator;

	/**
	 * Meters of the given lookups.
	 * @param lookups the executor whose circuit breaker is shown
	 * @param authenticator the authenticator whose stale acceptances are counted
	 */
	public KeyLookupMetrics(KeyLookupExecutor lookups, ApiKeyAuthenticator authenticator) {
		this.lookups = lookups;
		this.authenticator = authenticator;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		CircuitBreaker breaker = this.lookups.circuitBreaker();
		for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
			Gauge.builder("grpc.auth.lookup.circuit-breaker.state", breaker, (b) -> (b.getState() == state) ? 1 : 0)
				.tag("state", state.name().toLowerCase(Locale.ROOT))
				.description("Whether the circuit breaker of API-key lookups is in this state")
				.register(registry);
		}
		FunctionCounter
			.builder("grpc.auth.lookup.stale-accepted", this.authenticator, ApiKeyAuthenticator::staleAccepted)
			.description("Calls accepted on a key's last verified state because the database could not answer")
			.register(registry);
	}

}
