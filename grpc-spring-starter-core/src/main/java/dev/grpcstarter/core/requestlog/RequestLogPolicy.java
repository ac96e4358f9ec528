package dev.grpcstarter.core.requestlog;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import dev.grpcstarter.core.call.MethodPatternSyntax;
import io.grpc.Status;

/**
 * Which calls get a row: every failed call, and successful calls unless
 * {@code errors-only} or sampled out; never the excluded methods.
 */
public final class RequestLogPolicy {

	private static final int MAX_CACHED_METHODS = 10_000;

	private final boolean errorsOnly;

	private final double sampleRate;

	private final List<String> excludedPatterns;

	private final Map<String, Boolean> excluded = new ConcurrentHashMap<>();

	/**
	 * A policy.
	 * @param errorsOnly whether successful calls are left out
	 * @param sampleRate the share of successful calls kept, 0 to 1
	 * @param excludedPatterns methods never logged: {@code package.Service/Method},
	 * {@code package.Service/*}, {@code *}
	 */
	public RequestLogPolicy(boolean errorsOnly, double sampleRate, List<String> excludedPatterns) {
		if (sampleRate < 0 || sampleRate > 1) {
			throw new IllegalArgumentException("sampleRate must be between 0 and 1, was " + sampleRate);
		}
		for (String pattern : excludedPatterns) {
			if (!MethodPatternSyntax.isValid(pattern)) {
				throw new IllegalArgumentException("excluded method '" + pattern
						+ "' is not a method pattern; use package.Service/Method, package.Service/* or *");
			}
		}
		this.errorsOnly = errorsOnly;
		this.sampleRate = sampleRate;
		this.excludedPatterns = List.copyOf(excludedPatterns);
	}

	/**
	 * Whether calls of a method are never logged.
	 * @param fullMethodName {@code package.Service/Method}
	 * @return whether it is excluded
	 */
	public boolean isExcluded(String fullMethodName) {
		Boolean known = this.excluded.get(fullMethodName);
		if (known != null) {
			return known;
		}
		boolean excluded = this.excludedPatterns.stream()
			.anyMatch((pattern) -> MethodPatternSyntax.matches(pattern, fullMethodName));
		// Names come from request paths, which any client can make up: the cache stays bounded.
		if (this.excluded.size() < MAX_CACHED_METHODS) {
			this.excluded.put(fullMethodName, excluded);
		}
		return excluded;
	}

	/**
	 * Whether a call that ended with the code gets a row.
	 * @param code the final code
	 * @return whether to keep it
	 */
	public boolean keeps(Status.Code code) {
		if (code != Status.Code.OK) {
			return true;
		}
		if (this.errorsOnly) {
			return false;
		}
		return this.sampleRate >= 1 || ThreadLocalRandom.current().nextDouble() < this.sampleRate;
	}

}
