package dev.grpcstarter.core.ratelimit;

import java.time.Duration;

import com.google.protobuf.Any;
import com.google.rpc.QuotaFailure;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitResponsesTests {

	@Test
	void whenARateLimitRefusesThenTheStatusCarriesRetryInfo() throws Exception {
		StatusException refusal = RateLimitResponses.refusal(new Allowance.RateLimited(
				new LimitState(20, 0, Duration.ofMillis(900)), Duration.ofMillis(50)), 3);
		assertThat(refusal.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(refusal.getStatus().getDescription()).isEqualTo("API key rate limit exceeded");
		com.google.rpc.Status details = StatusProto.fromThrowable(refusal);
		assertThat(details.getDetailsList()).hasSize(1);
		RetryInfo retry = details.getDetails(0).unpack(RetryInfo.class);
		assertThat(retry.getRetryDelay().getSeconds()).isZero();
		assertThat(retry.getRetryDelay().getNanos()).isEqualTo(50_000_000);
	}

	@Test
	void whenTheQuotaIsUsedUpThenTheStatusCarriesQuotaFailureAndRetryInfo() throws Exception {
		StatusException refusal = RateLimitResponses.refusal(new Allowance.QuotaExhausted(
				new LimitState(100_000, 0, Duration.ofHours(5)), Quota.parse("100000/30d"), Duration.ofHours(5)), 42);
		assertThat(refusal.getStatus().getDescription()).isEqualTo("API key quota exhausted");
		com.google.rpc.Status details = StatusProto.fromThrowable(refusal);
		Any first = details.getDetails(0);
		QuotaFailure failure = first.unpack(QuotaFailure.class);
		assertThat(failure.getViolations(0).getSubject()).isEqualTo("api-key:42");
		assertThat(failure.getViolations(0).getDescription())
			.isEqualTo("quota of 100000 calls per 30d used up; it refills in 18000 s");
		assertThat(details.getDetails(1).unpack(RetryInfo.class).getRetryDelay().getSeconds()).isEqualTo(18000);
	}

}
