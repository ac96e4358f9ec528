package dev.grpcstarter.core.error;

import java.util.List;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultGrpcExceptionHandlerTests {

	private final DefaultGrpcExceptionHandler handler = new DefaultGrpcExceptionHandler();

	@Test
	void whenSubclassHasItsOwnRuleThenTheMostSpecificRuleWins() {
		assertThat(this.handler.handleException(new DuplicateKeyException("x")).getStatus().getCode())
			.isEqualTo(Status.Code.ALREADY_EXISTS);
		assertThat(this.handler.handleException(new DataIntegrityViolationException("x")).getStatus().getCode())
			.isEqualTo(Status.Code.FAILED_PRECONDITION);
	}

	@Test
	void whenSubclassHasNoRuleThenItsSuperclassRuleApplies() {
		assertThat(this.handler.handleException(new NumberFormatException("not a number")).getStatus())
			.satisfies((status) -> {
				assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
				assertThat(status.getDescription()).isEqualTo("not a number");
			});
	}

	@Test
	void whenStatusRuntimeExceptionThenStatusAndTrailersPassUnchanged() {
		Metadata trailers = new Metadata();
		Metadata.Key<String> key = Metadata.Key.of("retry-after", Metadata.ASCII_STRING_MARSHALLER);
		trailers.put(key, "5");
		StatusException result = this.handler
			.handleException(Status.UNAVAILABLE.withDescription("busy").asRuntimeException(trailers));
		assertThat(result.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		assertThat(result.getStatus().getDescription()).isEqualTo("busy");
		assertThat(result.getTrailers().get(key)).isEqualTo("5");
	}

	@Test
	void whenNoRuleMatchesThenInternalWithGenericDescription() {
		StatusException result = this.handler.handleException(new IllegalStateException("secret"));
		assertThat(result.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(result.getStatus().getDescription()).isEqualTo("internal server error");
		assertThat(result.getStatus().getCause()).isNull();
	}

	@Test
	void whenMessageIsVeryLongThenDescriptionIsTruncated() {
		String description = this.handler.handleException(new IllegalArgumentException("x".repeat(5000)))
			.getStatus()
			.getDescription();
		assertThat(description).hasSize(DefaultGrpcExceptionHandler.MAX_DESCRIPTION_LENGTH).endsWith("...");
	}

	@Test
	void whenMessageIsMissingThenFallbackDescription() {
		assertThat(this.handler.handleException(new IllegalArgumentException()).getStatus().getDescription())
			.isEqualTo("invalid argument");
	}

	@Test
	void whenCustomRulesThenOnlyTheyApply() {
		DefaultGrpcExceptionHandler custom = new DefaultGrpcExceptionHandler(List.of(
				ExceptionStatusRule.fixed(IllegalStateException.class.getName(), Status.Code.ABORTED, "state")));
		assertThat(custom.handleException(new IllegalStateException()).getStatus().getCode())
			.isEqualTo(Status.Code.ABORTED);
		assertThat(custom.handleException(new IllegalArgumentException()).getStatus().getCode())
			.isEqualTo(Status.Code.INTERNAL);
	}

}
