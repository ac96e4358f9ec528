package dev.grpcstarter.core.call;

import java.util.regex.Pattern;

/**
 * The syntax of method patterns used in scopes and public-method lists:
 * {@code package.Service/Method}, {@code package.Service/*}, or {@code *} for every method.
 */
public final class MethodPatternSyntax {

	private static final Pattern VALID = Pattern.compile("\\*|[A-Za-z_][\\w.]*/(\\*|[A-Za-z_]\\w*)");

	private MethodPatternSyntax() {
	}

	/**
	 * Whether a pattern is well formed.
	 * @param pattern the pattern
	 * @return whether it is valid
	 */
	public static boolean isValid(String pattern) {
		return VALID.matcher(pattern).matches();
	}

	/**
	 * Whether a full method name ({@code package.Service/Method}) matches a pattern.
	 * @param pattern a valid pattern
	 * @param fullMethodName the method
	 * @return whether it matches
	 */
	public static boolean matches(String pattern, String fullMethodName) {
		if (pattern.equals("*")) {
			return true;
		}
		if (pattern.endsWith("/*")) {
			return fullMethodName.startsWith(pattern.substring(0, pattern.length() - 1));
		}
		return pattern.equals(fullMethodName);
	}

}
