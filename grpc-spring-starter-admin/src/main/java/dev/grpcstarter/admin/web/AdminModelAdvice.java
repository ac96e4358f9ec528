package dev.grpcstarter.admin.web;

import java.security.Principal;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every admin page needs: its base path and who is signed in.
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

	@ModelAttribute("adminUser")
	@Nullable String adminUser(@Nullable Principal principal) {
		return (principal != null) ? principal.getName() : null;
	}

}
