package dev.grpcstarter.core.error;

import java.util.List;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;

/**
 * {@code INVALID_ARGUMENT} with a {@code google.rpc.BadRequest} detail listing every broken
 * rule: the one format clients read, whether the starter's request validation refused a
 * message or the service's own code (Bean Validation, Spring data binding) did. Clients
 * read it with grpc-java's {@code StatusProto.fromThrowable}, or any gRPC library's
 * rich-error support.
 */
public final class BadRequestStatus {

	private BadRequestStatus() {
	}

	/**
	 * The status for the given violations; its description lists them too, for people who
	 * only see that ({@code invalid argument: title: value is required; year: ...}).
	 * @param violations the broken rules, in the order to report them
	 * @return the exception carrying the status and its detail in the trailers
	 */
	public static StatusException invalidArgument(List<FieldViolation> violations) {
		String description = describe(violations, DefaultGrpcExceptionHandler.MAX_DESCRIPTION_LENGTH);
		BadRequest.Builder badRequest = BadRequest.newBuilder();
		for (FieldViolation violation : violations) {
			badRequest.addFieldViolations(BadRequest.FieldViolation.newBuilder()
				.setField(violation.field())
				.setReason(violation.reason())
				.setDescription(violation.description()));
		}
		return StatusProto.toStatusException(com.google.rpc.Status.newBuilder()
			.setCode(Status.Code.INVALID_ARGUMENT.value())
			.setMessage(description)
			.addDetails(Any.pack(badRequest.build()))
			.build());
	}

	static String describe(List<FieldViolation> violations, int maxLength) {
		StringBuilder description = new StringBuilder("invalid argument");
		String separator = ": ";
		for (FieldViolation violation : violations) {
			description.append(separator);
			if (!violation.field().isEmpty()) {
				description.append(violation.field()).append(": ");
			}
			description.append(violation.description());
			separator = "; ";
		}
		if (description.length() <= maxLength) {
			return description.toString();
		}
		return description.substring(0, maxLength - 3) + "...";
	}

}
