package dev.grpcstarter.it.app;

import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import dev.grpcstarter.core.service.BaseService;
import dev.grpcstarter.test.v1.FailRequest;
import dev.grpcstarter.test.v1.FailingServiceGrpc;
import dev.grpcstarter.test.v1.Reply;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.StreamObserver;
import jakarta.persistence.EntityNotFoundException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validation;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.grpc.server.service.GrpcService;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.BindException;
import org.springframework.validation.FieldError;

/**
 * Throws what the request names, from a unary and from a server-streaming method.
 */
@GrpcService
public class FailingGrpcService extends FailingServiceGrpc.FailingServiceImplBase implements BaseService {

	/** A secret that must never reach a client. */
	public static final String SECRET = "jdbc:postgresql://db/prod?password=hunter2";

	private final Map<String, Supplier<Throwable>> exceptions = Map.ofEntries(
			Map.entry("entity-not-found", () -> new EntityNotFoundException("book 7 does not exist")),
			Map.entry("empty-result", () -> new EmptyResultDataAccessException("select from secret_table", 1)),
			Map.entry("no-such-element", () -> new NoSuchElementException("no book 8")),
			Map.entry("access-denied", () -> new AccessDeniedException("denied by " + SECRET)),
			Map.entry("authentication", () -> new BadCredentialsException("bad credentials " + SECRET)),
			Map.entry("constraint-violation", FailingGrpcService::constraintViolation),
			Map.entry("bind", FailingGrpcService::bindException),
			Map.entry("illegal-argument", () -> new IllegalArgumentException("page size must be positive")),
			Map.entry("optimistic-lock", () -> new OptimisticLockingFailureException("row version 3 " + SECRET)),
			Map.entry("duplicate-key", () -> new DuplicateKeyException("unique constraint book_pkey " + SECRET)),
			Map.entry("data-integrity", () -> new DataIntegrityViolationException("SQL [insert] " + SECRET)),
			Map.entry("query-timeout", () -> new QueryTimeoutException("select " + SECRET)),
			Map.entry("timeout", () -> new TimeoutException("pool " + SECRET)),
			Map.entry("cannot-get-connection",
					() -> new CannotGetJdbcConnectionException("connect " + SECRET)),
			Map.entry("transient-resource", () -> new TransientDataAccessResourceException("io " + SECRET)),
			Map.entry("cannot-create-transaction",
					() -> new org.springframework.transaction.CannotCreateTransactionException(
							"Could not open JPA EntityManager for transaction " + SECRET)),
			Map.entry("resource-failure",
					() -> new org.springframework.dao.DataAccessResourceFailureException("connect " + SECRET)),
			Map.entry("wrapped-connection-failure",
					() -> new org.springframework.orm.jpa.JpaSystemException(new RuntimeException(
							new java.sql.SQLTransientConnectionException("HikariPool-1 timed out " + SECRET)))),
			Map.entry("unsupported", () -> new UnsupportedOperationException("export is not supported yet")),
			Map.entry("status-runtime",
					() -> Status.OUT_OF_RANGE.withDescription("page 9 of 3").asRuntimeException()),
			Map.entry("status-checked", () -> new StatusException(Status.RESOURCE_EXHAUSTED.withDescription("quota"))),
			Map.entry("other", () -> new IllegalStateException("connection failed: " + SECRET)));

	@Override
	public void fail(FailRequest request, StreamObserver<Reply> responses) {
		failAsRequested(request);
		responses.onNext(Reply.newBuilder().setText("ok").build());
		responses.onCompleted();
	}

	@Override
	public void failStream(FailRequest request, StreamObserver<Reply> responses) {
		responses.onNext(Reply.newBuilder().setText("first").build());
		failAsRequested(request);
		responses.onCompleted();
	}

	private void failAsRequested(FailRequest request) {
		if (request.getKind().equals("abort-failed-precondition")) {
			throw abortFailedPrecondition("book is checked out");
		}
		Supplier<Throwable> exception = this.exceptions.get(request.getKind());
		if (exception != null) {
			throw FailingGrpcService.<RuntimeException>sneaky(exception.get());
		}
	}

	@SuppressWarnings("unchecked")
	private static <T extends Throwable> T sneaky(Throwable exception) throws T {
		throw (T) exception;
	}

	private static ConstraintViolationException constraintViolation() {
		try (var factory = Validation.byDefaultProvider()
			.configure()
			.messageInterpolator(new ParameterMessageInterpolator())
			.buildValidatorFactory()) {
			Set<ConstraintViolation<NewBook>> violations = factory.getValidator().validate(new NewBook("", -1));
			return new ConstraintViolationException(violations);
		}
	}

	private static BindException bindException() {
		BeanPropertyBindingResult result = new BeanPropertyBindingResult(new NewBook("x", 1), "newBook");
		result.addError(new FieldError("newBook", "title", "size must be between 3 and 200"));
		return new BindException(result);
	}

	/** A request object to validate. */
	public record NewBook(@NotBlank String title, @Positive int year) {
	}

}
