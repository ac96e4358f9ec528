package dev.grpcstarter.core.error;

import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import org.springframework.validation.BindException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Renders validation failures as "field: problem" lists. Kept apart from
 * {@link DefaultGrpcExceptionHandler} so that Jakarta Validation is only loaded when such
 * an exception is actually thrown.
 */
final class ValidationMessages {

	private ValidationMessages() {
	}

	static String constraintViolations(Throwable ex) {
		ConstraintViolationException violations = (ConstraintViolationException) ex;
		if (violations.getConstraintViolations() == null || violations.getConstraintViolations().isEmpty()) {
			return "invalid argument";
		}
		return violations.getConstraintViolations()
			.stream()
			.map(ValidationMessages::describe)
			.sorted()
			.collect(Collectors.joining("; ", "invalid argument: ", ""));
	}

	private static String describe(ConstraintViolation<?> violation) {
		return violation.getPropertyPath() + ": " + violation.getMessage();
	}

	static String bindErrors(Throwable ex) {
		BindException bind = (BindException) ex;
		if (!bind.hasErrors()) {
			return "invalid argument";
		}
		return bind.getAllErrors()
			.stream()
			.map(ValidationMessages::describe)
			.collect(Collectors.joining("; ", "invalid argument: ", ""));
	}

	private static String describe(ObjectError error) {
		String name = (error instanceof FieldError field) ? field.getField() : error.getObjectName();
		return name + ": " + error.getDefaultMessage();
	}

}
