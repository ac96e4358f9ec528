package dev.grpcstarter.it;

import java.util.List;
import java.util.UUID;

/**
 * Rate limits on one instance on H2: the buckets live in the instance's memory.
 */
class H2RateLimitTests extends AbstractRateLimitTests {

	@Override
	int instanceCount() {
		return 1;
	}

	@Override
	List<String> engineProperties() {
		return List.of("spring.datasource.url=jdbc:h2:mem:rate-limits-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
	}

	@Override
	String expectedEngine() {
		return "memory (this instance's memory)";
	}

}
