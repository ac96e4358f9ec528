package dev.grpcstarter.core.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CallLimitsTests {

	@Test
	void whenLimitsAreWrittenThenTheyAreReadBack() {
		assertThat(RateLimit.parse("20/1s")).isEqualTo(new RateLimit(20, Duration.ofSeconds(1)));
		assertThat(RateLimit.parse(" 300 / m ")).isEqualTo(RateLimit.perMinute(300));
		assertThat(RateLimit.parse("300/1min")).isEqualTo(RateLimit.perMinute(300));
		assertThat(RateLimit.parse("600/10s").toString()).isEqualTo("600/10s");
		assertThat(RateLimit.parse("10000/24h").toString()).isEqualTo("10000/1d");
		assertThat(Quota.parse("100000/30d")).isEqualTo(new Quota(100_000, Duration.ofDays(30)));
		assertThat(CallLimits.parseRates("20/1s, 10000/1d\n5/2m")).containsExactly(RateLimit.parse("20/1s"),
				RateLimit.parse("10000/1d"), RateLimit.parse("5/2m"));
		assertThat(CallLimits.parseRates("  ")).isEmpty();
		assertThat(CallLimits.formatRates(CallLimits.parseRates("20/1s,10000/1d"))).isEqualTo("20/1s, 10000/1d");
	}

	@Test
	void whenATextIsNoLimitThenItIsRefusedWithTheSyntax() {
		for (String text : List.of("20", "20/", "twenty/1s", "20/1w", "0/1s", "-1/1s", "20/0s")) {
			assertThatIllegalArgumentException().isThrownBy(() -> RateLimit.parse(text));
		}
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimit.parse("20/1w"))
			.withMessageContaining("write calls/period, for example 20/1s");
		assertThatIllegalArgumentException().isThrownBy(() -> new RateLimit(5, Duration.ofMillis(1500)))
			.withMessageContaining("whole number of seconds");
	}

	@Test
	void whenTwoRateLimitsShareAPeriodThenTheLimitsAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CallLimits.of(300, List.of(RateLimit.parse("500/60s")), null))
			.withMessage("two rate limits per 1m; keep one (the lower one applies anyway)");
	}

	@Test
	void whenLimitsAreCombinedThenRatesAreSortedAndTheSmallestAllowanceIsKnown() {
		CallLimits limits = CallLimits.of(300, List.of(RateLimit.parse("10000/1d"), RateLimit.parse("20/1s")),
				Quota.parse("100000/30d"));
		assertThat(limits.rates()).extracting(RateLimit::toString).containsExactly("20/1s", "300/1m", "10000/1d");
		assertThat(limits.smallestAllowance()).isEqualTo(20);
		assertThat(limits.toString()).isEqualTo("20/1s, 300/1m, 10000/1d, quota 100000/30d");
		assertThat(CallLimits.NONE.isUnlimited()).isTrue();
		assertThat(CallLimits.NONE.toString()).isEqualTo("unlimited");
	}

	@Test
	void whenAQuotaRefillsThenItIsOnTheEpochGrid() {
		Quota daily = Quota.parse("1000/1d");
		assertThat(daily.nextRefillAfter(Instant.parse("2026-11-30T13:45:00Z")))
			.isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
		assertThat(daily.nextRefillAfter(Instant.parse("2026-12-01T00:00:00Z")))
			.isEqualTo(Instant.parse("2026-12-02T00:00:00Z"));
		assertThat(Quota.parse("10/1h").nextRefillAfter(Instant.parse("2026-11-30T13:45:00Z")))
			.isEqualTo(Instant.parse("2026-11-30T14:00:00Z"));
	}

}
