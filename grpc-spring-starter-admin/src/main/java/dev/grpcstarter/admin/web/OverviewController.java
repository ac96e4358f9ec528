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
 * The overview: instances, and for a window the calls, success rate, p95 latency, calls
 * and errors over time on one scale, latency percentiles over time, top methods, top error
 * codes and most active keys; with {@code method}, the charts of that one method.
 */
@Controller
public final class OverviewController {

	private final @Nullable RequestLogStatistics statistics;

	private final @Nullable ServerInstanceService instances;

	public OverviewController(@Nullable RequestLogStatistics statistics, @Nullable ServerInstanceService instances) {
		this.statistics = statistics;
		this.instances = instances;
	}

	@GetMapping({ "", "/" })
	String overview(@RequestParam(defaultValue = "24h") String window, @RequestParam(required = false) @Nullable String method,
			Model model) {
		TimeWindowChoice choice = TimeWindowChoice.of(window);
		String shown = (method != null && method.indexOf('/') > 0) ? method : null;
		model.addAttribute("window", choice.label());
		model.addAttribute("method", shown);
		model.addAttribute("windows", List.of("1h", "24h", "7d"));
		if (this.instances != null) {
			List<ServerInstance> all = this.instances.all();
			model.addAttribute("alive", all.stream().filter(ServerInstance::alive).count());
			model.addAttribute("unresponsive",
					all.stream().filter((i) -> i.status() == InstanceStatus.UNRESPONSIVE).count());
		}
		if (this.statistics != null) {
			TimeWindow range = choice.window();
			List<TimeBucket> series = this.statistics.timeSeries(range, choice.bucket(), null, shown);
			String subject = (shown != null) ? " of " + shown : "";
			model.addAttribute("summary", this.statistics.summary(range));
			model.addAttribute("calls", TimeChart.calls("calls" + subject + " over the last " + choice.label()
					+ ", successful and failed", series, range, choice.bucket(), List.of()));
			model.addAttribute("latency", TimeChart.latency("latency" + subject + " over the last " + choice.label()
					+ ": p50, p95 and p99", this.statistics.latencySeries(range, choice.bucket(), shown), range,
					choice.bucket()));
			model.addAttribute("topMethods", this.statistics.byMethod(range, 10));
			model.addAttribute("topCodes", this.statistics.topErrorCodes(range, 10));
			model.addAttribute("topKeys", this.statistics.byApiKey(range, 10));
		}
		return "grpc-admin/overview";
	}

}
