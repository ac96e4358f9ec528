package dev.grpcstarter.core.error;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.List;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;

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
	void whenTheDatabaseCannotBeReachedThenUnavailableWithAFixedDescription() {
		for (Exception failure : List.of(
				new CannotCreateTransactionException("Could not open JPA EntityManager for transaction", null),
				new DataAccessResourceFailureException("jdbc:postgresql://db/prod?password=secret"),
				new CannotGetJdbcConnectionException("no connection"),
				new RecoverableDataAccessException("connection reset"),
				new SQLTransientConnectionException("HikariPool-1 - Connection is not available"),
				new SQLNonTransientConnectionException("connection refused"))) {
			Status status = this.handler.handleException(failure).getStatus();
			assertThat(status.getCode()).as(failure.getClass().getSimpleName()).isEqualTo(Status.Code.UNAVAILABLE);
			assertThat(status.getDescription()).isEqualTo("database unavailable");
		}
	}

	@Test
	void whenAConnectionFailureIsWrappedThenTheCauseDecides() {
		JpaSystemException wrapped = new JpaSystemException(new RuntimeException("persistence",
				new SQLTransientConnectionException("HikariPool-1 - Connection is not available")));
		Status status = this.handler.handleException(wrapped).getStatus();
		assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		assertThat(status.getDescription()).isEqualTo("database unavailable");
	}

	@Test
	void whenAnSqlExceptionHasAConnectionSqlStateThenUnavailableElseInternal() {
		SQLException broken = new SQLException("An I/O error occurred while sending to the backend.", "08006");
		assertThat(this.handler.handleException(broken).getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		assertThat(this.handler.handleException(new JpaSystemException(new RuntimeException(broken)))
			.getStatus()
			.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		SQLException duplicate = new SQLException("duplicate key value violates unique constraint", "23505");
		assertThat(this.handler.handleException(duplicate).getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(this.handler.handleException(new SQLException("no state")).getStatus().getCode())
			.isEqualTo(Status.Code.INTERNAL);
	}

	@Test
	void whenARuleHasAConditionThatFailsThenTheSuperclassRuleDecides() {
		DefaultGrpcExceptionHandler custom = new DefaultGrpcExceptionHandler(List.of(
				ExceptionStatusRule.fixed(NumberFormatException.class.getName(), Status.Code.OUT_OF_RANGE, "range")
					.when((exception) -> "big".equals(exception.getMessage())),
				ExceptionStatusRule.fixed(IllegalArgumentException.class.getName(), Status.Code.INVALID_ARGUMENT,
						"argument")));
		assertThat(custom.handleException(new NumberFormatException("big")).getStatus().getCode())
			.isEqualTo(Status.Code.OUT_OF_RANGE);
		assertThat(custom.handleException(new NumberFormatException("small")).getStatus().getCode())
			.isEqualTo(Status.Code.INVALID_ARGUMENT);
	}

	@Test
	void whenACauseMatchesARuleForTopLevelExceptionsOnlyThenInternal() {
		StatusException result = this.handler
			.handleException(new IllegalStateException("outer", new IllegalArgumentException("secret")));
		assertThat(result.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(result.getStatus().getDescription()).isEqualTo("internal server error");
	}

	@Test
	void whenTheExceptionItselfHasARuleThenItsCausesDoNotMatter() {
		assertThat(this.handler
			.handleException(new DuplicateKeyException("dup", new SQLTransientConnectionException("pool")))
			.getStatus()
			.getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
	}

	@Test
	void whenTheCauseChainIsACycleThenTheHandlerStillAnswers() {
		IllegalStateException first = new IllegalStateException("first");
		IllegalStateException second = new IllegalStateException("second", first);
		first.initCause(second);
		assertThat(this.handler.handleException(first).getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
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
