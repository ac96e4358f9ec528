package dev.grpcstarter.admin.web;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The admin's 403 page, in its layout, naming the authority a user needs: a signed-in
 * user without it (Spring Boot's generated "user", say) lands here.
 */
@Controller
public final class AccessDeniedController {

	/** Where the admin chain forwards a refused request, below the admin path. */
	public static final String PATH = "/forbidden";

	private final String authority;

	/**
	 * A controller.
	 * @param authority the authority the admin UI requires ({@code grpc.admin.authority})
	 */
	public AccessDeniedController(String authority) {
		this.authority = authority;
	}

	// Any method: the refused request is forwarded here as it was (a POST stays a POST).
	@RequestMapping(PATH)
	@ResponseStatus(HttpStatus.FORBIDDEN)
	String forbidden(Model model) {
		model.addAttribute("authority", this.authority);
		return "grpc-admin/forbidden";
	}

}
