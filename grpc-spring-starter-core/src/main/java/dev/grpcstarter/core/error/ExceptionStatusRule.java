package dev.grpcstarter.core.error;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * One row of the default error mapping: an exception type, named so that optional
 * libraries need not be on the class path, and the status it becomes.
 *
 * @param exceptionClassName fully qualified name of the exception class; subclasses match
 * too
 * @param code the status code sent to the client
 * @param description the description sent to the client, computed from the exception;
 * {@code null} sends none
 * @param appliesToCauses whether the rule also applies when the exception is the cause of
 * one that no rule matches (a connection failure wrapped by a persistence provider, say)
 * @param condition what else the exception must satisfy (an SQL state, say); when it does
 * not, the rules of the exception's superclasses are asked
 * @param fieldViolations the broken rules the exception reports, sent as a
 * {@code google.rpc.BadRequest} detail (see {@link BadRequestStatus}); {@code null} for
 * exceptions that report none
 */
public record ExceptionStatusRule(String exceptionClassName, Status.Code code,
		Function<Throwable, @Nullable String> description, boolean appliesToCauses, Predicate<Throwable> condition,
		@Nullable Function<Throwable, List<FieldViolation>> fieldViolations) {

	/**
	 * A rule without field violations.
	 * @param exceptionClassName the exception class name
	 * @param code the status code
	 * @param description the description, computed from the exception
	 * @param appliesToCauses whether the rule also applies to causes
	 * @param condition what else the exception must satisfy
	 */
	public ExceptionStatusRule(String exceptionClassName, Status.Code code,
			Function<Throwable, @Nullable String> description, boolean appliesToCauses,
			Predicate<Throwable> condition) {
		this(exceptionClassName, code, description, appliesToCauses, condition, null);
	}

	/**
	 * A rule for the exception itself, not for its causes.
	 * @param exceptionClassName the exception class name
	 * @param code the status code
	 * @param description the description, computed from the exception
	 */
	public ExceptionStatusRule(String exceptionClassName, Status.Code code,
			Function<Throwable, @Nullable String> description) {
		this(exceptionClassName, code, description, false, (exception) -> true);
	}

	/**
	 * This rule, applying also to the exception when it is the cause of an exception that
	 * no rule matches.
	 * @return the rule
	 */
	public ExceptionStatusRule alsoAsCause() {
		return new ExceptionStatusRule(this.exceptionClassName, this.code, this.description, true, this.condition,
				this.fieldViolations);
	}

	/**
	 * This rule, applying only to exceptions that satisfy the condition as well.
	 * @param condition the condition
	 * @return the rule
	 */
	public ExceptionStatusRule when(Predicate<Throwable> condition) {
		return new ExceptionStatusRule(this.exceptionClassName, this.code, this.description, this.appliesToCauses,
				condition, this.fieldViolations);
	}

	/**
	 * A rule that sends a fixed description, for exceptions whose own text may reveal
	 * internals (SQL, table names).
	 * @param exceptionClassName the exception class name
	 * @param code the status code
	 * @param description the fixed description
	 * @return the rule
	 */
	public static ExceptionStatusRule fixed(String exceptionClassName, Status.Code code, String description) {
		return new ExceptionStatusRule(exceptionClassName, code, (ex) -> description);
	}

	/**
	 * A rule that sends the exception's own message, for exceptions that application code
	 * throws on purpose with a message meant for the caller.
	 * @param exceptionClassName the exception class name
	 * @param code the status code
	 * @param fallback the description when the exception has no message
	 * @return the rule
	 */
	public static ExceptionStatusRule message(String exceptionClassName, Status.Code code, String fallback) {
		return new ExceptionStatusRule(exceptionClassName, code, (ex) -> {
			String message = ex.getMessage();
			return (message != null && !message.isBlank()) ? message : fallback;
		});
	}

	/**
	 * An {@code INVALID_ARGUMENT} rule for exceptions that list broken rules: the client gets
	 * them as a {@code google.rpc.BadRequest} detail, and listed in the description.
	 * @param exceptionClassName the exception class name
	 * @param fieldViolations the broken rules, read from the exception
	 * @return the rule
	 */
	public static ExceptionStatusRule badRequest(String exceptionClassName,
			Function<Throwable, List<FieldViolation>> fieldViolations) {
		return new ExceptionStatusRule(exceptionClassName, Status.Code.INVALID_ARGUMENT,
				(ex) -> BadRequestStatus.describe(fieldViolations.apply(ex), DefaultGrpcExceptionHandler.MAX_DESCRIPTION_LENGTH),
				false, (exception) -> true, fieldViolations);
	}

}
