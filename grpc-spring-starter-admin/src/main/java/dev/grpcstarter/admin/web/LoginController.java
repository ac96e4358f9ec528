package dev.grpcstarter.admin.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The admin login page; Spring Security handles the form post.
 */
@Controller
@RequestMapping("${grpc.admin.path:/grpc-admin}")
public final class LoginController {

	@GetMapping("/login")
	String login() {
		return "grpc-admin/login";
	}

}
