package dev.grpcstarter.autoconfigure.ratelimit;

import dev.grpcstarter.autoconfigure.ratelimit.GrpcRateLimitProperties.Engine;
import dev.grpcstarter.core.ratelimit.RateLimitEngine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class RateLimitEngineChoiceTests {

	@Test
	void whenTheEngineIsAutoThenRedisComesBeforePostgresqlBeforeMemory() {
		assertThat(RateLimitEngineChoice.choose(Engine.AUTO, true, true)).isEqualTo(RateLimitEngine.REDIS);
		assertThat(RateLimitEngineChoice.choose(Engine.AUTO, true, false)).isEqualTo(RateLimitEngine.REDIS);
		assertThat(RateLimitEngineChoice.choose(Engine.AUTO, false, true)).isEqualTo(RateLimitEngine.POSTGRESQL);
		assertThat(RateLimitEngineChoice.choose(Engine.AUTO, false, false)).isEqualTo(RateLimitEngine.MEMORY);
	}

	@Test
	void whenAnEngineIsSetThenItIsUsedOrItsAbsenceIsReported() {
		assertThat(RateLimitEngineChoice.choose(Engine.POSTGRESQL, true, true)).isEqualTo(RateLimitEngine.POSTGRESQL);
		assertThat(RateLimitEngineChoice.choose(Engine.MEMORY, true, true)).isEqualTo(RateLimitEngine.MEMORY);
		assertThat(RateLimitEngineChoice.choose(Engine.REDIS, true, false)).isEqualTo(RateLimitEngine.REDIS);
		assertThatIllegalStateException().isThrownBy(() -> RateLimitEngineChoice.choose(Engine.REDIS, false, true));
		assertThatIllegalStateException()
			.isThrownBy(() -> RateLimitEngineChoice.choose(Engine.POSTGRESQL, false, false));
	}

}
