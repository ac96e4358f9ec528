package dev.grpcstarter.client;

import java.util.Locale;

import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * Turns transport failures into messages for people: one line, no Netty pipeline.
 */
final class TargetFailures {

	private TargetFailures() {
	}

	static DynamicInvocationException describe(String target, Status status, @Nullable Throwable cause) {
		if (isTlsFailure(status)) {
			return new DynamicInvocationException("TLS handshake with " + target
					+ " failed: the server does not answer with TLS (a plaintext server?)", cause);
		}
		String message = switch (status.getCode()) {
			case UNAVAILABLE -> "cannot reach " + target + ": " + describe(status);
			case DEADLINE_EXCEEDED -> "no answer from " + target + " before the deadline";
			case UNAUTHENTICATED, PERMISSION_DENIED -> target + " refused: " + status.getCode() + " "
					+ describe(status);
			default -> target + " answered " + status.getCode() + " " + describe(status);
		};
		return new DynamicInvocationException(message, cause);
	}

	/**
	 * Whether the status comes from a TLS handshake that met something else, typically a
	 * plaintext server.
	 * @param status the status of the failed call
	 * @return whether TLS failed
	 */
	static boolean isTlsFailure(Status status) {
		for (Throwable cause = status.getCause(); cause != null; cause = cause.getCause()) {
			String name = cause.getClass().getName();
			if (name.endsWith("NotSslRecordException") || cause instanceof javax.net.ssl.SSLException) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		String description = status.getDescription();
		return description != null && description.toLowerCase(Locale.ROOT).contains("not an ssl/tls record");
	}

	private static String describe(Status status) {
		String text;
		if (status.getDescription() != null) {
			text = status.getDescription();
		}
		else {
			text = (status.getCause() != null) ? String.valueOf(status.getCause().getMessage())
					: status.getCode().name();
		}
		// Netty appends its channel pipeline on further lines.
		int newline = text.indexOf('\n');
		return (newline >= 0) ? text.substring(0, newline).strip() : text;
	}

}
