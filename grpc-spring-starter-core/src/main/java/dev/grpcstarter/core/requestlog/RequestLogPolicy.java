package dev.grpcstarter.core.requestlog;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.grpcstarter.core.call.ExcludedMethods;
import io.grpc.Status;

/**
 * Which calls get a row: every failed call, and successful calls unless
 * {@code errors-only} or sampled out; never the {@link ExcludedMethods excluded methods}.
 */
public final class RequestLogPolicy {

	private final boolean errorsOnly;

	private final double sampleRate;

	private final ExcludedMethods excluded;

	/**
	 * A policy.
	 * @param errorsOnly whether successful calls are left out
	 * @param sampleRate the share of successful calls kept, 0 to 1
	 * @param excludedPatterns methods never logged: {@code package.Service/Method},
	 * {@code package.Service/*}, {@code *}
	 */
	public RequestLogPolicy(boolean errorsOnly, double sampleRate, List<String> excludedPatterns) {
		this(errorsOnly, sampleRate, new ExcludedMethods(excludedPatterns));
	}

	/**
	 * A policy.
	 * @param errorsOnly whether successful calls are left out
	 * @param sampleRate the share of successful calls kept, 0 to 1
	 * @param excluded methods never logged, nor counted as a key's usage
	 */
	public RequestLogPolicy(boolean errorsOnly, double sampleRate, ExcludedMethods excluded) {
		if (sampleRate < 0 || sampleRate > 1) {
			throw new IllegalArgumentException("sampleRate must be between 0 and 1, was " + sampleRate);
		}
		this.errorsOnly = errorsOnly;
		this.sampleRate = sampleRate;
		this.excluded = excluded;
	}

	/**
	 * Whether calls of a method are never logged.
	 * @param fullMethodName {@code package.Service/Method}
	 * @return whether it is excluded
	 */
	public boolean isExcluded(String fullMethodName) {
		return this.excluded.contains(fullMethodName);
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
