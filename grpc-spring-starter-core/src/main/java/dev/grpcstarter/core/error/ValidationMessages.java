package dev.grpcstarter.core.error;

import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.metadata.ConstraintDescriptor;
import org.springframework.validation.BindException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Reads the broken rules out of validation failures raised by service code, in the same
 * {@link FieldViolation} form as the request validation's. Kept apart from
 * {@link DefaultGrpcExceptionHandler} so that Jakarta Validation is only loaded when such
 * an exception is actually thrown.
 */
final class ValidationMessages {

	private ValidationMessages() {
	}

	static List<FieldViolation> constraintViolations(Throwable ex) {
		ConstraintViolationException violations = (ConstraintViolationException) ex;
		if (violations.getConstraintViolations() == null) {
			return List.of();
		}
		// A set: sorted so that the same failure always reads the same.
		return violations.getConstraintViolations()
			.stream()
			.map(ValidationMessages::fieldViolation)
			.sorted(Comparator.comparing(FieldViolation::field).thenComparing(FieldViolation::description))
			.toList();
	}

	private static FieldViolation fieldViolation(ConstraintViolation<?> violation) {
		String field = (violation.getPropertyPath() != null) ? violation.getPropertyPath().toString() : "";
		ConstraintDescriptor<?> constraint = violation.getConstraintDescriptor();
		String reason = (constraint != null && constraint.getAnnotation() != null)
				? constraint.getAnnotation().annotationType().getSimpleName() : "";
		return new FieldViolation(field, reason, String.valueOf(violation.getMessage()));
	}

	static List<FieldViolation> bindErrors(Throwable ex) {
		BindException bind = (BindException) ex;
		return bind.getAllErrors().stream().map(ValidationMessages::fieldViolation).toList();
	}

	private static FieldViolation fieldViolation(ObjectError error) {
		String field = (error instanceof FieldError fieldError) ? fieldError.getField() : "";
		String reason = (error.getCode() != null) ? error.getCode() : "";
		String description = (error.getDefaultMessage() != null) ? error.getDefaultMessage() : "invalid";
		return new FieldViolation(field, reason, description);
	}

}
