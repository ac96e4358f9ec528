package dev.grpcstarter.admin.web;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The admin login page; Spring Security handles the form post. A sign-in refused for too
 * many failures comes back here with {@code locked} set to the seconds to wait.
 */
@Controller
public final class LoginController {

	/** Longest wait shown; the parameter is the client's to change, the page stays sensible. */
	private static final long MAX_SHOWN_SECONDS = 24 * 60 * 60;

	@GetMapping("/login")
	String login(@RequestParam(name = "locked", required = false) @Nullable String locked, Model model) {
		if (locked != null) {
			model.addAttribute("lockedFor", waitText(locked));
		}
		return "grpc-admin/login";
	}

	static String waitText(String seconds) {
		long wait;
		try {
			wait = Long.parseLong(seconds);
		}
		catch (NumberFormatException ex) {
			return "a while";
		}
		if (wait < 1 || wait > MAX_SHOWN_SECONDS) {
			return "a while";
		}
		if (wait < 120) {
			return wait + ((wait == 1) ? " second" : " seconds");
		}
		long minutes = (wait + 59) / 60;
		return minutes + " minutes";
	}

}
