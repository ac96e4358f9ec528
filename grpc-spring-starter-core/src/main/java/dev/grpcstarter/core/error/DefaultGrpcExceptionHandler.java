package dev.grpcstarter.core.error;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 * <p>Every exception gets an answer: one that matches no rule becomes {@code INTERNAL}
 * with a generic description, and its stack trace is logged with the call's request id.
 * The exception's text never reaches the client in that case.
 */
public final class DefaultGrpcExceptionHandler implements GrpcExceptionHandler, Ordered {

	private static final Logger logger = LoggerFactory.getLogger(DefaultGrpcExceptionHandler.class);

	/** Longest description sent to a client; longer texts are cut. */
	static final int MAX_DESCRIPTION_LENGTH = 512;

	static final String INTERNAL_DESCRIPTION = "internal server error";

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
				new ExceptionStatusRule("jakarta.validation.ConstraintViolationException",
						Status.Code.INVALID_ARGUMENT, ValidationMessages::constraintViolations),
				new ExceptionStatusRule("org.springframework.validation.BindException", Status.Code.INVALID_ARGUMENT,
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
				ExceptionStatusRule.fixed("org.springframework.jdbc.CannotGetJdbcConnectionException",
						Status.Code.UNAVAILABLE, "database unavailable"),
				ExceptionStatusRule.fixed("org.springframework.dao.TransientDataAccessResourceException",
						Status.Code.UNAVAILABLE, "database unavailable"),
				ExceptionStatusRule.message("java.lang.UnsupportedOperationException", Status.Code.UNIMPLEMENTED,
						"not implemented"));
	}

	@Override
	public StatusException handleException(Throwable exception) {
		if (exception instanceof StatusException status) {
			return status;
		}
		if (exception instanceof StatusRuntimeException status) {
			return new StatusException(status.getStatus(), status.getTrailers());
		}
		ExceptionStatusRule rule = findRule(exception.getClass());
		if (rule == null) {
			logger.error("Unhandled exception in gRPC call {} [request-id={}]", currentMethod(),
					RequestContext.currentRequestId(), exception);
			return Status.INTERNAL.withDescription(INTERNAL_DESCRIPTION).asException(new Metadata());
		}
		logger.debug("gRPC call {} ended with {} [request-id={}]", currentMethod(), rule.code(),
				RequestContext.currentRequestId(), exception);
		return Status.fromCode(rule.code())
			.withDescription(truncate(rule.description().apply(exception)))
			.asException(new Metadata());
	}

	private @Nullable ExceptionStatusRule findRule(Class<?> type) {
		for (Class<?> candidate = type; candidate != null; candidate = candidate.getSuperclass()) {
			ExceptionStatusRule rule = this.rules.get(candidate.getName());
			if (rule != null) {
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
