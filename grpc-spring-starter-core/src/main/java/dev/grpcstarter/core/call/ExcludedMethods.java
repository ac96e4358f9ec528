package dev.grpcstarter.core.call;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The methods whose calls are bookkeeping of the infrastructure rather than use of the
 * application (health checks and reflection by default, {@code grpc.request-log.excluded-methods}):
 * the request log records no row for them and a key's usage count leaves them out, so the
 * count a key shows agrees with the calls the request log lists for it.
 */
public final class ExcludedMethods {

	/** Excludes nothing. */
	public static final ExcludedMethods NONE = new ExcludedMethods(List.of());

	private static final int MAX_CACHED_METHODS = 10_000;

	private final List<String> patterns;

	private final Map<String, Boolean> known = new ConcurrentHashMap<>();

	/**
	 * The methods matching any of the patterns.
	 * @param patterns {@code package.Service/Method}, {@code package.Service/*} or {@code *}
	 * @throws IllegalArgumentException when a pattern is malformed
	 */
	public ExcludedMethods(List<String> patterns) {
		for (String pattern : patterns) {
			if (!MethodPatternSyntax.isValid(pattern)) {
				throw new IllegalArgumentException("excluded method '" + pattern
						+ "' is not a method pattern; use package.Service/Method, package.Service/* or *");
			}
		}
		this.patterns = List.copyOf(patterns);
	}

	/**
	 * Whether calls of a method are left out.
	 * @param fullMethodName {@code package.Service/Method}
	 * @return whether it is excluded
	 */
	public boolean contains(String fullMethodName) {
		Boolean excluded = this.known.get(fullMethodName);
		if (excluded != null) {
			return excluded;
		}
		boolean matches = this.patterns.stream()
			.anyMatch((pattern) -> MethodPatternSyntax.matches(pattern, fullMethodName));
		// Names come from request paths, which any client can make up: the cache stays bounded.
		if (this.known.size() < MAX_CACHED_METHODS) {
			this.known.put(fullMethodName, matches);
		}
		return matches;
	}

}
