package dev.grpcstarter.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a dynamic call returned.
 *
 * @param code the final status code, for example {@code OK} or {@code NOT_FOUND}
 * @param message the status description, if any
 * @param responses the responses as JSON, in order (one for unary and client-streaming
 * calls that succeeded)
 * @param headers the response headers
 * @param trailers the response trailers
 * @param elapsed the time from the start of the call to its end
 */
public record InvocationResult(String code, @Nullable String message, List<String> responses,
		Map<String, String> headers, Map<String, String> trailers, Duration elapsed) {

	/** @return whether the call ended OK */
	public boolean ok() {
		return "OK".equals(this.code);
	}

}
