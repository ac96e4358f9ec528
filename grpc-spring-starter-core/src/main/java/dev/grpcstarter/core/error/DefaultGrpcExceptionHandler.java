package dev.grpcstarter.core.error;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import dev.grpcstarter.core.call.RequestContext;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;

/**
 * The starter's default mapping from exceptions to gRPC status, the last handler in
 * Spring gRPC's exception-handler chain so that an application's own handlers and
 * {@code @GrpcAdvice} methods win.
 *
 * <p>Every exception gets an answer. The most specific rule for the exception's class
 * decides; when none matches, a cause the rules mark {@linkplain ExceptionStatusRule#alsoAsCause()
 * as applying to causes} does (database connection failures, however wrapped, become
 * {@code UNAVAILABLE}); otherwise the call ends {@code INTERNAL} with a generic
 * description, and its stack trace is logged with the call's request id. The exception's
 * text never reaches the client in that case. Validation failures (Bean Validation's
 * {@code ConstraintViolationException}, Spring's {@code BindException}) list their broken
 * rules in a {@code google.rpc.BadRequest} detail, as the request validation does.
 */
public final class DefaultGrpcExceptionHandler implements GrpcExceptionHandler, Ordered {

	private static final Logger logger = LoggerFactory.getLogger(DefaultGrpcExceptionHandler.class);

	/** Longest description sent to a client; longer texts are cut. */
	static final int MAX_DESCRIPTION_LENGTH = 512;

	static final String INTERNAL_DESCRIPTION = "internal server error";

	static final String DATABASE_UNAVAILABLE = "database unavailable";

	/** Deepest cause looked at: real chains are short, a cycle is not. */
	private static final int MAX_CAUSE_DEPTH = 16;

	private static final long UNAVAILABLE_LOG_INTERVAL_MILLIS = 10_000;

	private final AtomicLong lastUnavailableLog = new AtomicLong();

	private final Map<String, ExceptionStatusRule> rules;

	/**
	 * A handler with the {@linkplain #defaultRules() default rules}.
	 */
	public DefaultGrpcExceptionHandler() {
		this(defaultRules());
	}

	/**
	 * A handler with the given rules; the most specific exception class matching a thrown
	 * exception decides.
	 * @param rules the rules
	 */
	public DefaultGrpcExceptionHandler(List<ExceptionStatusRule> rules) {
		Map<String, ExceptionStatusRule> byName = new HashMap<>();
		for (ExceptionStatusRule rule : rules) {
			byName.put(rule.exceptionClassName(), rule);
		}
		this.rules = Map.copyOf(byName);
	}

	/**
	 * The default mapping table, as documented in {@code docs/error-mapping.md}.
	 * @return the rules
	 */
	public static List<ExceptionStatusRule> defaultRules() {
		return List.of(
				ExceptionStatusRule.message("jakarta.persistence.EntityNotFoundException", Status.Code.NOT_FOUND,
						"not found"),
				ExceptionStatusRule.fixed("org.springframework.dao.EmptyResultDataAccessException",
						Status.Code.NOT_FOUND, "not found"),
				ExceptionStatusRule.message("java.util.NoSuchElementException", Status.Code.NOT_FOUND, "not found"),
				ExceptionStatusRule.fixed("org.springframework.security.access.AccessDeniedException",
						Status.Code.PERMISSION_DENIED, "permission denied"),
				ExceptionStatusRule.fixed("org.springframework.security.core.AuthenticationException",
						Status.Code.UNAUTHENTICATED, "authentication required"),
				ExceptionStatusRule.badRequest("jakarta.validation.ConstraintViolationException",
						ValidationMessages::constraintViolations),
				ExceptionStatusRule.badRequest("org.springframework.validation.BindException",
						ValidationMessages::bindErrors),
				ExceptionStatusRule.message("java.lang.IllegalArgumentException", Status.Code.INVALID_ARGUMENT,
						"invalid argument"),
				ExceptionStatusRule.fixed("org.springframework.dao.OptimisticLockingFailureException",
						Status.Code.ABORTED, "concurrent modification, retry the call"),
				ExceptionStatusRule.fixed("org.springframework.dao.DuplicateKeyException", Status.Code.ALREADY_EXISTS,
						"already exists"),
				ExceptionStatusRule.fixed("org.springframework.dao.DataIntegrityViolationException",
						Status.Code.FAILED_PRECONDITION, "data integrity violation"),
				ExceptionStatusRule.fixed("org.springframework.dao.QueryTimeoutException",
						Status.Code.DEADLINE_EXCEEDED, "query timed out"),
				ExceptionStatusRule.fixed("java.util.concurrent.TimeoutException", Status.Code.DEADLINE_EXCEEDED,
						"timed out"),
				// Connection failures: UNAVAILABLE tells clients to retry, wherever in the call they
				// were raised and however a persistence provider wrapped them.
				unavailable("org.springframework.transaction.CannotCreateTransactionException"),
				unavailable("org.springframework.dao.DataAccessResourceFailureException"),
				unavailable("org.springframework.jdbc.CannotGetJdbcConnectionException"),
				unavailable("org.springframework.dao.TransientDataAccessResourceException"),
				unavailable("org.springframework.dao.RecoverableDataAccessException"),
				unavailable("org.hibernate.exception.JDBCConnectionException"),
				unavailable("java.sql.SQLTransientConnectionException"),
				unavailable("java.sql.SQLNonTransientConnectionException"),
				// SQL state class 08 is the standard's "connection exception".
				unavailable("java.sql.SQLException").when(DefaultGrpcExceptionHandler::hasConnectionSqlState),
				// A commit or rollback that failed in JDBC: the connection broke under the transaction,
				// and the rollback's failure replaced the one that broke it.
				unavailable("org.hibernate.TransactionException").when(DefaultGrpcExceptionHandler::hasSqlCause),
				ExceptionStatusRule.message("java.lang.UnsupportedOperationException", Status.Code.UNIMPLEMENTED,
						"not implemented"));
	}

	private static boolean hasConnectionSqlState(Throwable exception) {
		String state = ((SQLException) exception).getSQLState();
		return state != null && state.startsWith("08");
	}

	private static boolean hasSqlCause(Throwable exception) {
		Throwable cause = exception.getCause();
		for (int depth = 1; cause != null && depth <= MAX_CAUSE_DEPTH; depth++) {
			if (cause instanceof SQLException) {
				return true;
			}
			cause = cause.getCause();
		}
		return false;
	}

	private static ExceptionStatusRule unavailable(String exceptionClassName) {
		return ExceptionStatusRule.fixed(exceptionClassName, Status.Code.UNAVAILABLE, DATABASE_UNAVAILABLE)
			.alsoAsCause();
	}

	@Override
	public StatusException handleException(Throwable exception) {
		if (exception instanceof StatusException status) {
			return status;
		}
		if (exception instanceof StatusRuntimeException status) {
			return new StatusException(status.getStatus(), status.getTrailers());
		}
		Throwable matched = exception;
		ExceptionStatusRule rule = findRule(exception);
		Throwable cause = exception.getCause();
		for (int depth = 1; rule == null && cause != null && depth <= MAX_CAUSE_DEPTH; depth++) {
			ExceptionStatusRule causeRule = findRule(cause);
			if (causeRule != null && causeRule.appliesToCauses()) {
				rule = causeRule;
				matched = cause;
			}
			cause = cause.getCause();
		}
		if (rule == null) {
			logger.error("Unhandled exception in gRPC call {} [request-id={}]", currentMethod(),
					RequestContext.currentRequestId(), exception);
			return Status.INTERNAL.withDescription(INTERNAL_DESCRIPTION).asException(new Metadata());
		}
		if (rule.code() == Status.Code.UNAVAILABLE && shouldLogUnavailable()) {
			logger.warn("gRPC call {} ended with UNAVAILABLE: {} [request-id={}] (logged at most every {} s)",
					currentMethod(), matched, RequestContext.currentRequestId(),
					UNAVAILABLE_LOG_INTERVAL_MILLIS / 1000);
		}
		else {
			logger.debug("gRPC call {} ended with {} [request-id={}]", currentMethod(), rule.code(),
					RequestContext.currentRequestId(), exception);
		}
		Function<Throwable, List<FieldViolation>> fieldViolations = rule.fieldViolations();
		if (fieldViolations != null) {
			return BadRequestStatus.invalidArgument(fieldViolations.apply(matched));
		}
		return Status.fromCode(rule.code())
			.withDescription(truncate(rule.description().apply(matched)))
			.asException(new Metadata());
	}

	private boolean shouldLogUnavailable() {
		long now = System.currentTimeMillis();
		long last = this.lastUnavailableLog.get();
		return now - last >= UNAVAILABLE_LOG_INTERVAL_MILLIS && this.lastUnavailableLog.compareAndSet(last, now);
	}

	private @Nullable ExceptionStatusRule findRule(Throwable exception) {
		for (Class<?> candidate = exception.getClass(); candidate != null; candidate = candidate.getSuperclass()) {
			ExceptionStatusRule rule = this.rules.get(candidate.getName());
			if (rule != null && rule.condition().test(exception)) {
				return rule;
			}
		}
		return null;
	}

	private static @Nullable String truncate(@Nullable String description) {
		if (description == null || description.length() <= MAX_DESCRIPTION_LENGTH) {
			return description;
		}
		return description.substring(0, MAX_DESCRIPTION_LENGTH - 3) + "...";
	}

	private static String currentMethod() {
		RequestContext context = RequestContext.current();
		return (context != null) ? context.fullMethodName() : "(unknown method)";
	}

	/**
	 * Last in the chain: application handlers, ordered or not, are asked first.
	 * @return {@link Ordered#LOWEST_PRECEDENCE}
	 */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
