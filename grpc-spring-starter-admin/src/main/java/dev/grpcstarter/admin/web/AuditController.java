package dev.grpcstarter.admin.web;

import dev.grpcstarter.core.audit.AdminAuditLog;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Who did what in the admin UI.
 */
@Controller
public final class AuditController {

	private final AdminAuditLog audit;

	public AuditController(AdminAuditLog audit) {
		this.audit = audit;
	}

	@GetMapping("/audit")
	String audit(Model model) {
		model.addAttribute("entries", this.audit.latest(200));
		return "grpc-admin/audit";
	}

}
