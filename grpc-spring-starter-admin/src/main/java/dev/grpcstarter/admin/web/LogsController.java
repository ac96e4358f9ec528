package dev.grpcstarter.admin.web;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

import dev.grpcstarter.core.requestlog.RequestLogFilter;
import dev.grpcstarter.core.requestlog.RequestLogSearch;
import dev.grpcstarter.core.requestlog.RequestStatus;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The request log: filters, stable (keyset) paging, a page per call.
 */
@Controller
@RequestMapping("${grpc.admin.path:/grpc-admin}/logs")
public final class LogsController {

	private final @Nullable RequestLogSearch search;

	public LogsController(@Nullable RequestLogSearch search) {
		this.search = search;
	}

	@GetMapping
	String logs(@RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to,
			@RequestParam(defaultValue = "") String service, @RequestParam(defaultValue = "") String method,
			@RequestParam(defaultValue = "") String status, @RequestParam(defaultValue = "") String code,
			@RequestParam(defaultValue = "") String key, @RequestParam(defaultValue = "") String principal,
			@RequestParam(defaultValue = "") String minMs, @RequestParam(required = false) @Nullable Long before,
			Model model) {
		List<String> problems = new ArrayList<>();
		RequestLogFilter filter = new RequestLogFilter(time("from", from, problems), time("to", to, problems), service,
				method, status(status, problems), code.trim().toUpperCase(Locale.ROOT), number("key", key, problems),
				principal, duration(minMs, problems));
		model.addAttribute("problems", problems);
		model.addAttribute("statuses", RequestStatus.values());
		model.addAttribute("logEnabled", this.search != null);
		if (this.search != null && problems.isEmpty()) {
			model.addAttribute("page", this.search.find(filter, before, 50));
		}
		return "grpc-admin/logs";
	}

	@GetMapping("/{id}")
	String log(@PathVariable long id, Model model) {
		if (this.search == null) {
			throw new NoSuchElementException("the request log is disabled");
		}
		model.addAttribute("entry",
				this.search.findById(id).orElseThrow(() -> new NoSuchElementException("no request log row " + id)));
		return "grpc-admin/log";
	}

	private static @Nullable Instant time(String name, String text, List<String> problems) {
		if (text.isBlank()) {
			return null;
		}
		try {
			return LocalDateTime.parse(text.trim()).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			problems.add(name + ": use a date and time like 2026-11-23T10:00 (UTC)");
			return null;
		}
	}

	private static @Nullable RequestStatus status(String text, List<String> problems) {
		if (text.isBlank()) {
			return null;
		}
		try {
			return RequestStatus.fromColumn(text.trim());
		}
		catch (IllegalArgumentException ex) {
			problems.add("status: one of success, error, cancelled, timeout");
			return null;
		}
	}

	private static @Nullable Long number(String name, String text, List<String> problems) {
		if (text.isBlank()) {
			return null;
		}
		try {
			return Long.valueOf(text.trim());
		}
		catch (NumberFormatException ex) {
			problems.add(name + ": a key id, a whole number");
			return null;
		}
	}

	private static @Nullable Duration duration(String text, List<String> problems) {
		if (text.isBlank()) {
			return null;
		}
		try {
			long millis = Long.parseLong(text.trim());
			if (millis < 0) {
				throw new NumberFormatException();
			}
			return Duration.ofMillis(millis);
		}
		catch (NumberFormatException ex) {
			problems.add("minimum duration: a whole number of milliseconds");
			return null;
		}
	}

}
