package dev.grpcstarter.admin.web;

import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

import dev.grpcstarter.core.call.CallTransport;
import dev.grpcstarter.core.requestlog.RequestLogEntry;
import dev.grpcstarter.core.requestlog.RequestLogSearch;
import dev.grpcstarter.core.requestlog.RequestStatus;
import org.jspecify.annotations.Nullable;
import org.springframework.format.Formatter;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The request log: filters bound to a {@link RequestLogFilterForm}, stable (keyset) paging,
 * a page per call.
 */
@Controller
@RequestMapping("/logs")
public final class LogsController {

	private final @Nullable RequestLogSearch search;

	private final TraceLinks traceLinks;

	public LogsController(@Nullable RequestLogSearch search) {
		this(search, new TraceLinks(null));
	}

	public LogsController(@Nullable RequestLogSearch search, TraceLinks traceLinks) {
		this.search = search;
		this.traceLinks = traceLinks;
	}

	@InitBinder("filter")
	void bindFilter(WebDataBinder binder) {
		binder.addCustomFormatter(new RequestStatusFormatter(), RequestStatus.class);
		binder.addValidators(RequestLogFilterForm.RULES);
	}

	@GetMapping
	String logs(@Validated @ModelAttribute("filter") RequestLogFilterForm filter, BindingResult errors,
			@RequestParam(required = false) @Nullable Long before, Model model) {
		List<String> problems = RequestLogFilterForm.problems(errors);
		model.addAttribute("problems", problems);
		model.addAttribute("statuses", RequestStatus.values());
		model.addAttribute("transports", CallTransport.values());
		model.addAttribute("logEnabled", this.search != null);
		if (this.search != null && problems.isEmpty()) {
			model.addAttribute("page", this.search.find(filter.toFilter(), before, 50));
		}
		return "grpc-admin/logs";
	}

	@GetMapping("/{id}")
	String log(@PathVariable long id, Model model) {
		if (this.search == null) {
			throw new NoSuchElementException("the request log is disabled");
		}
		RequestLogEntry entry = this.search.findById(id)
			.orElseThrow(() -> new NoSuchElementException("no request log row " + id));
		model.addAttribute("entry", entry);
		model.addAttribute("traceUrl", this.traceLinks.url(entry.traceId()));
		return "grpc-admin/log";
	}

	/** A status as the page and the table write it: {@code success}, {@code error}, ... */
	private static final class RequestStatusFormatter implements Formatter<RequestStatus> {

		@Override
		public RequestStatus parse(String text, Locale locale) {
			return RequestStatus.fromColumn(text.trim());
		}

		@Override
		public String print(RequestStatus status, Locale locale) {
			return status.columnValue();
		}

	}

}
