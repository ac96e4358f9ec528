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
 * What every admin page needs: its base path, the header API keys are sent in, who is
 * signed in, and a 404 page for things that do not exist.
 */
@ControllerAdvice(basePackageClasses = AdminModelAdvice.class)
public final class AdminModelAdvice {

	private final String path;

	private final String apiKeyHeader;

	/**
	 * An advice.
	 * @param path the admin base path ({@code grpc.admin.path})
	 * @param apiKeyHeader the header carrying API keys ({@code grpc.auth.header})
	 */
	public AdminModelAdvice(String path, String apiKeyHeader) {
		this.path = path;
		this.apiKeyHeader = apiKeyHeader;
	}

	@ModelAttribute("adminPath")
	String adminPath() {
		return this.path;
	}

	@ModelAttribute("apiKeyHeader")
	String apiKeyHeader() {
		return this.apiKeyHeader;
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
