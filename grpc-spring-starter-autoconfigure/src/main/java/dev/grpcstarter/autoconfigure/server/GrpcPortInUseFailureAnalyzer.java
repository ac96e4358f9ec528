package dev.grpcstarter.autoconfigure.server;

import java.io.IOException;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Turns the gRPC server's failure to bind its port (grpc-java's "Failed to bind to
 * address" at the bottom of Spring gRPC's "Failed to start the grpc server") into Spring
 * Boot's "APPLICATION FAILED TO START" report, saying which port and how to choose another.
 */
final class GrpcPortInUseFailureAnalyzer extends AbstractFailureAnalyzer<IOException> implements Ordered {

	/** The message grpc-java's Netty server gives a bind failure, followed by the address. */
	static final String BIND_FAILURE = "Failed to bind to address ";

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, IOException cause) {
		String message = cause.getMessage();
		if (message == null || !message.startsWith(BIND_FAILURE)) {
			return null;
		}
		String address = message.substring(BIND_FAILURE.length()).trim();
		String port = address.substring(address.lastIndexOf(':') + 1);
		String reason = reason(cause);
		if (reason.contains("in use")) {
			return new FailureAnalysis("The gRPC server could not start: port " + port + " (" + address
					+ ") is already in use, probably by another instance of this or another gRPC application.",
					"Stop the process listening on port " + port + " (find it with: ss -ltnp 'sport = :" + port
							+ "'), or run on another port: set spring.grpc.server.port (0 picks a free one),"
							+ " e.g. --spring.grpc.server.port=50052.",
					cause);
		}
		return new FailureAnalysis(
				"The gRPC server could not start: it cannot listen on " + address + " (" + reason + ").",
				"Choose an address and port this process may bind: set spring.grpc.server.port (ports below 1024"
						+ " need privileges; 0 picks a free one) and spring.grpc.server.address.",
				cause);
	}

	private static String reason(Throwable failure) {
		Throwable cause = failure;
		String reason = String.valueOf(failure.getMessage());
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
			if (cause.getMessage() != null) {
				reason = cause.getMessage();
			}
		}
		String lower = reason.toLowerCase(Locale.ROOT);
		if (lower.contains("address already in use")) {
			return "address already in use";
		}
		int colon = reason.lastIndexOf(": ");
		return (colon >= 0) ? reason.substring(colon + 2) : reason;
	}

	/** Before Spring Boot's generic analyzers. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

}
