package dev.grpcstarter.admin.web;

import java.util.List;
import java.util.Map;

import dev.grpcstarter.core.status.RegisteredServicesJson;
import dev.grpcstarter.core.status.ServerInstance;
import dev.grpcstarter.core.status.ServerInstanceService;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Every server instance on the database with its status, heartbeat age, uptime, address,
 * configuration and services.
 */
@Controller
public final class ServersController {

	private final @Nullable ServerInstanceService instances;

	public ServersController(@Nullable ServerInstanceService instances) {
		this.instances = instances;
	}

	@GetMapping("/servers")
	String servers(Model model) {
		List<ServerView> views = (this.instances != null)
				? this.instances.all().stream().map(ServerView::of).toList() : List.of();
		model.addAttribute("servers", views);
		model.addAttribute("statusEnabled", this.instances != null);
		return "grpc-admin/servers";
	}

	/**
	 * An instance with its JSON columns read.
	 *
	 * @param instance the instance
	 * @param config the configuration snapshot
	 * @param services the services with their methods
	 */
	public record ServerView(ServerInstance instance, Map<String, Object> config,
			List<Map<String, Object>> services) {

		static ServerView of(ServerInstance instance) {
			return new ServerView(instance,
					(instance.configJson() != null) ? RegisteredServicesJson.readObject(instance.configJson()) : Map.of(),
					(instance.servicesJson() != null) ? RegisteredServicesJson.readServices(instance.servicesJson())
							: List.of());
		}

	}

}
