package dev.grpcstarter.client;

import io.grpc.Status;

/**
 * Turns transport failures into messages for people.
 */
final class TargetFailures {

	private TargetFailures() {
	}

	static DynamicInvocationException describe(String target, Status status, Throwable cause) {
		String message = switch (status.getCode()) {
			case UNAVAILABLE -> "cannot reach " + target + ": " + describe(status);
			case DEADLINE_EXCEEDED -> "no answer from " + target + " before the deadline";
			case UNAUTHENTICATED, PERMISSION_DENIED -> target + " refused: " + status.getCode() + " "
					+ describe(status);
			default -> target + " answered " + status.getCode() + " " + describe(status);
		};
		return new DynamicInvocationException(message, cause);
	}

	private static String describe(Status status) {
		if (status.getDescription() != null) {
			return status.getDescription();
		}
		return (status.getCause() != null) ? status.getCause().getMessage() : status.getCode().name();
	}

}
