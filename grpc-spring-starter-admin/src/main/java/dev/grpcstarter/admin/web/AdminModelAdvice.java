package dev.grpcstarter.admin.web;

import java.security.Principal;
import java.util.NoSuchElementException;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * What every admin page needs: its base path, who is signed in, and a 404 page for things
 * that do not exist.
 */
@ControllerAdvice(basePackageClasses = AdminModelAdvice.class)
public final class AdminModelAdvice {

	private final String path;

	/**
	 * An advice.
	 * @param path the admin base path
	 */
	public AdminModelAdvice(String path) {
		this.path = path;
	}

	@ModelAttribute("adminPath")
	String adminPath() {
		return this.path;
	}

	/**
	 * A key, log row or page that does not exist: a 404 page, not a stack trace.
	 * @param ex what was missing
	 * @param model the model
	 * @return the view
	 */
	@ExceptionHandler(NoSuchElementException.class)
	@ResponseStatus(HttpStatus.NOT_FOUND)
	String notFound(NoSuchElementException ex, Model model) {
		model.addAttribute("adminPath", this.path);
		model.addAttribute("message", ex.getMessage());
		return "grpc-admin/not-found";
	}

	@ModelAttribute("adminUser")
	@Nullable String adminUser(@Nullable Principal principal) {
		return (principal != null) ? principal.getName() : null;
	}

}
