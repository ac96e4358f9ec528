package dev.grpcstarter.core.requestlog;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The Micrometer meter of a {@link RejectedCallRowBudget}: {@code grpc.request-log.suppressed},
 * a counter of the calls refused before authentication that were left out of the request
 * log (each counted in a summary row), tagged {@code reason} {@code unauthenticated} or
 * {@code throttled}.
 */
public final class RejectedCallRowBudgetMetrics implements MeterBinder {

	private final RejectedCallRowBudget budget;

	/**
	 * Meters of a budget.
	 * @param budget the budget
	 */
	public RejectedCallRowBudgetMetrics(RejectedCallRowBudget budget) {
		this.budget = budget;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (RejectedCallRowBudget.Reason reason : RejectedCallRowBudget.Reason.values()) {
			FunctionCounter.builder("grpc.request-log.suppressed", this.budget, (b) -> b.suppressed(reason))
				.description("Calls refused before authentication left out of the request log, counted in summary rows")
				.tag("reason", reason.tagValue())
				.register(registry);
		}
	}

}
