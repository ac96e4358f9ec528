package dev.grpcstarter.admin;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

import dev.grpcstarter.core.auth.FailedAttemptThrottle;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.pathPattern;

/**
 * Throttles admin sign-ins per user name and per client address. Each sign-in takes one
 * attempt from both allowances before the password is checked and gives both back when it
 * succeeds; past either allowance, the form is sent back to the login page with the time
 * to wait, and the password is not checked at all.
 *
 * <p>The per-name limit also lets anyone lock a known user name out for a while: keep it
 * above what a person mistyping would reach, and the per-address limit lower.
 */
final class AdminLoginThrottle extends OncePerRequestFilter {

	/** Longest user name kept apart from others; longer ones share a bucket with their prefix. */
	private static final int MAX_USER_KEY_LENGTH = 128;

	private final FailedAttemptThrottle users;

	private final FailedAttemptThrottle addresses;

	private final RequestMatcher loginPost;

	private final String loginPage;

	private final RedirectStrategy redirects = new DefaultRedirectStrategy();

	AdminLoginThrottle(GrpcAdminProperties properties) {
		GrpcAdminProperties.Login login = properties.getLogin();
		this.users = new FailedAttemptThrottle(login.getMaxFailuresPerUser(), login.getWindow(),
				"admin sign-ins for user name");
		this.addresses = new FailedAttemptThrottle(login.getMaxFailuresPerAddress(), login.getWindow(),
				"admin sign-ins from");
		this.loginPost = pathPattern(HttpMethod.POST, properties.getPath() + "/login");
		this.loginPage = properties.getPath() + "/login";
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.loginPost.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String address = request.getRemoteAddr();
		FailedAttemptThrottle.Attempt byAddress = this.addresses.tryAttempt(address);
		if (!byAddress.allowed()) {
			refuse(request, response, byAddress.retryAfter());
			return;
		}
		String user = userKey(request);
		FailedAttemptThrottle.Attempt byUser = this.users.tryAttempt(user);
		if (!byUser.allowed()) {
			this.addresses.refund(address);
			refuse(request, response, byUser.retryAfter());
			return;
		}
		chain.doFilter(request, response);
	}

	/**
	 * Wraps the handler of successful sign-ins so that they give their attempts back.
	 * @param delegate the handler that sends the user on
	 * @return the handler
	 */
	AuthenticationSuccessHandler refundingOnSuccess(AuthenticationSuccessHandler delegate) {
		return (request, response, authentication) -> {
			this.addresses.refund(request.getRemoteAddr());
			this.users.refund(userKey(request));
			delegate.onAuthenticationSuccess(request, response, authentication);
		};
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, @Nullable Duration retryAfter)
			throws IOException {
		long seconds = Math.max(1, (retryAfter != null) ? (retryAfter.toMillis() + 999) / 1000 : 1);
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		this.redirects.sendRedirect(request, response, this.loginPage + "?locked=" + seconds);
	}

	/**
	 * The bucket key of the submitted user name: case-folded, because user stores often
	 * are, and stripped of control characters, because it is logged.
	 */
	private static String userKey(HttpServletRequest request) {
		String name = request.getParameter("username");
		if (name == null) {
			return "";
		}
		StringBuilder key = new StringBuilder(Math.min(name.length(), MAX_USER_KEY_LENGTH));
		for (int i = 0; i < name.length() && key.length() < MAX_USER_KEY_LENGTH; i++) {
			char c = name.charAt(i);
			key.append(Character.isISOControl(c) ? '?' : c);
		}
		return key.toString().toLowerCase(Locale.ROOT);
	}

}
