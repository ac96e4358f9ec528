package dev.grpcstarter.core.auth;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.grpcstarter.core.call.MethodPatternSyntax;
import dev.grpcstarter.core.service.AuthRequiredService;
import dev.grpcstarter.core.call.GrpcServiceCatalog;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Decides which methods may be called without an API key: public patterns, methods
 * annotated {@link PublicGrpcMethod}, and (optionally) the standard health and reflection
 * services; never a method of an {@link AuthRequiredService}.
 */
public final class MethodAccessRules {

	/** The standard services that are public by default. */
	public static final List<String> INFRASTRUCTURE_PATTERNS = List.of("grpc.health.v1.Health/*",
			"grpc.reflection.v1.ServerReflection/*", "grpc.reflection.v1alpha.ServerReflection/*");

	private final boolean requireAuth;

	private final List<String> publicPatterns;

	private final GrpcServiceCatalog catalog;

	private final Map<String, Boolean> anonymousAllowed = new ConcurrentHashMap<>();

	/**
	 * Rules.
	 * @param requireAuth whether methods need a key unless public
	 * @param publicPatterns method patterns callable without a key
	 * @param infrastructurePublic whether health and reflection are public
	 * @param catalog the served services, for annotations and marker interfaces
	 */
	public MethodAccessRules(boolean requireAuth, List<String> publicPatterns, boolean infrastructurePublic,
			GrpcServiceCatalog catalog) {
		for (String pattern : publicPatterns) {
			if (!MethodPatternSyntax.isValid(pattern)) {
				throw new IllegalArgumentException("public method '" + pattern
						+ "' is not a method pattern; use package.Service/Method, package.Service/* or *");
			}
		}
		this.requireAuth = requireAuth;
		List<String> patterns = new ArrayList<>(publicPatterns);
		if (infrastructurePublic) {
			patterns.addAll(INFRASTRUCTURE_PATTERNS);
		}
		this.publicPatterns = List.copyOf(patterns);
		this.catalog = catalog;
	}

	/**
	 * Whether a call without a key may proceed.
	 * @param fullMethodName {@code package.Service/Method}
	 * @return whether anonymous calls are allowed
	 */
	public boolean allowsAnonymous(String fullMethodName) {
		return this.anonymousAllowed.computeIfAbsent(fullMethodName, this::decide);
	}

	private boolean decide(String fullMethodName) {
		if (this.catalog.serviceIs(fullMethodName, AuthRequiredService.class)) {
			return false;
		}
		return isPublic(fullMethodName) || !this.requireAuth;
	}

	private boolean isPublic(String fullMethodName) {
		for (String pattern : this.publicPatterns) {
			if (MethodPatternSyntax.matches(pattern, fullMethodName)) {
				return true;
			}
		}
		Method method = this.catalog.javaMethodOf(fullMethodName);
		return method != null && AnnotatedElementUtils.hasAnnotation(method, PublicGrpcMethod.class);
	}

	/**
	 * Whether a key's scopes allow a method; no scopes allow every method.
	 * @param scopes the key's method patterns
	 * @param fullMethodName the method
	 * @return whether the key may call it
	 */
	public static boolean scopesAllow(List<String> scopes, String fullMethodName) {
		if (scopes.isEmpty()) {
			return true;
		}
		for (String scope : scopes) {
			if (MethodPatternSyntax.matches(scope, fullMethodName)) {
				return true;
			}
		}
		return false;
	}

}
