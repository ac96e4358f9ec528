package dev.grpcstarter.admin.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The admin's 404 page, in its layout, for a path below the admin path that nothing
 * serves. Such a request never reaches an admin controller (it falls through to the static
 * resources), so the controller advice cannot answer it. Other paths are left to the
 * application.
 */
public final class AdminNotFoundResolver implements HandlerExceptionResolver, Ordered {

	private final String path;

	/**
	 * A resolver.
	 * @param path the admin base path ({@code grpc.admin.path})
	 */
	public AdminNotFoundResolver(String path) {
		this.path = path;
	}

	@Override
	public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
			@Nullable Object handler, Exception ex) {
		String within = request.getRequestURI().substring(request.getContextPath().length());
		if (!(ex instanceof NoResourceFoundException) || !(within.equals(this.path) || within.startsWith(this.path + "/"))) {
			return null;
		}
		ModelAndView view = new ModelAndView("grpc-admin/not-found");
		view.setStatus(HttpStatus.NOT_FOUND);
		view.addObject("adminPath", this.path);
		view.addObject("message", "Nothing in the admin UI at " + within + ".");
		view.addObject("adminUser", (request.getUserPrincipal() != null) ? request.getUserPrincipal().getName() : null);
		return view;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
