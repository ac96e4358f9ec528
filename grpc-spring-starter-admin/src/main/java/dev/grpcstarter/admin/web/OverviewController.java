package dev.grpcstarter.admin.web;

import java.util.List;

import dev.grpcstarter.core.requestlog.RequestLogStatistics;
import dev.grpcstarter.core.requestlog.RequestLogStatistics.TimeBucket;
import dev.grpcstarter.core.requestlog.RequestLogStatistics.TimeWindow;
import dev.grpcstarter.core.status.InstanceStatus;
import dev.grpcstarter.core.status.ServerInstance;
import dev.grpcstarter.core.status.ServerInstanceService;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The overview: instances, and for a window the calls, success rate, p95 latency, volume
 * and errors over time, top methods, top error codes and most active keys.
 */
@Controller
public final class OverviewController {

	private final @Nullable RequestLogStatistics statistics;

	private final @Nullable ServerInstanceService instances;

	private final AdminFormat format = new AdminFormat();

	public OverviewController(@Nullable RequestLogStatistics statistics, @Nullable ServerInstanceService instances) {
		this.statistics = statistics;
		this.instances = instances;
	}

	@GetMapping({ "", "/" })
	String overview(@RequestParam(defaultValue = "24h") String window, Model model) {
		TimeWindowChoice choice = TimeWindowChoice.of(window);
		model.addAttribute("window", choice.label());
		model.addAttribute("windows", List.of("1h", "24h", "7d"));
		if (this.instances != null) {
			List<ServerInstance> all = this.instances.all();
			model.addAttribute("alive", all.stream().filter(ServerInstance::alive).count());
			model.addAttribute("unresponsive",
					all.stream().filter((i) -> i.status() == InstanceStatus.UNRESPONSIVE).count());
		}
		if (this.statistics != null) {
			TimeWindow range = choice.window();
			List<TimeBucket> series = this.statistics.timeSeries(range, choice.bucket());
			model.addAttribute("summary", this.statistics.summary(range));
			model.addAttribute("volume", BarChart.of(series, TimeBucket::total, this.format));
			model.addAttribute("errors", BarChart.of(series, TimeBucket::failed, this.format));
			model.addAttribute("topMethods", this.statistics.byMethod(range, 10));
			model.addAttribute("topCodes", this.statistics.topErrorCodes(range, 10));
			model.addAttribute("topKeys", this.statistics.byApiKey(range, 10));
		}
		return "grpc-admin/overview";
	}

}
