package dev.grpcstarter.admin.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The admin login page; Spring Security handles the form post.
 */
@Controller
public final class LoginController {

	@GetMapping("/login")
	String login() {
		return "grpc-admin/login";
	}

}
