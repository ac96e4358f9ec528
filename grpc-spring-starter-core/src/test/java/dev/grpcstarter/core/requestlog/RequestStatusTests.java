package dev.grpcstarter.core.requestlog;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestStatusTests {

	@Test
	void whenCodeIsMappedThenOkIsSuccessCancelledAndDeadlineAreTheirOwnAndTheRestIsError() {
		assertThat(RequestStatus.of(Status.Code.OK)).isEqualTo(RequestStatus.SUCCESS);
		assertThat(RequestStatus.of(Status.Code.CANCELLED)).isEqualTo(RequestStatus.CANCELLED);
		assertThat(RequestStatus.of(Status.Code.DEADLINE_EXCEEDED)).isEqualTo(RequestStatus.TIMEOUT);
		for (Status.Code code : Status.Code.values()) {
			if (code != Status.Code.OK && code != Status.Code.CANCELLED && code != Status.Code.DEADLINE_EXCEEDED) {
				assertThat(RequestStatus.of(code)).as(code.name()).isEqualTo(RequestStatus.ERROR);
			}
		}
		assertThat(RequestStatus.fromColumn("timeout")).isEqualTo(RequestStatus.TIMEOUT);
	}

	@Test
	void whenPolicyIsErrorsOnlyThenOnlyFailuresAreKept() {
		RequestLogPolicy policy = new RequestLogPolicy(true, 1.0, java.util.List.of("grpc.health.v1.Health/*"));
		assertThat(policy.keeps(Status.Code.OK)).isFalse();
		assertThat(policy.keeps(Status.Code.INTERNAL)).isTrue();
		assertThat(policy.isExcluded("grpc.health.v1.Health/Check")).isTrue();
		assertThat(policy.isExcluded("a.B/C")).isFalse();
	}

	@Test
	void whenSampleRateIsZeroThenNoSuccessIsKeptButEveryErrorIs() {
		RequestLogPolicy policy = new RequestLogPolicy(false, 0.0, java.util.List.of());
		for (int i = 0; i < 100; i++) {
			assertThat(policy.keeps(Status.Code.OK)).isFalse();
			assertThat(policy.keeps(Status.Code.NOT_FOUND)).isTrue();
		}
	}

}
