package dev.grpcstarter.admin.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.grpcstarter.client.DynamicInvocationException;
import dev.grpcstarter.client.InvocationResult;
import dev.grpcstarter.client.ServiceDescription;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The API explorer: a searchable list of every service and method of this server, a
 * method's form at once (prefilled with the application's {@link ExplorerExamples example}
 * or else the request type's template), metadata and an API key, invoke, and see the
 * status, the responses, the trailers and the time. Every request has a permalink: method,
 * body and metadata in the URL, never the API key.
 */
@Controller
@RequestMapping("/explorer")
public final class ExplorerController {

	private final LocalExplorer explorer;

	private final String apiKeyHeader;

	private final List<ExplorerExamples> examples;

	private final ProtoComments comments;

	/**
	 * A controller.
	 * @param explorer the explorer of this application's gRPC server
	 * @param apiKeyHeader the header API keys go in
	 * @param examples the application's example requests
	 * @param comments the .proto comments, {@link ProtoComments#none()} without a
	 * descriptor set
	 */
	public ExplorerController(LocalExplorer explorer, String apiKeyHeader, List<ExplorerExamples> examples,
			ProtoComments comments) {
		this.explorer = explorer;
		this.apiKeyHeader = apiKeyHeader;
		this.examples = List.copyOf(examples);
		this.comments = comments;
	}

	@GetMapping
	String explorer(@RequestParam(defaultValue = "") String service, @RequestParam(defaultValue = "") String method,
			@RequestParam(required = false) @Nullable String request,
			@RequestParam(defaultValue = "") String metadata, @RequestParam(defaultValue = "") String q,
			HttpServletRequest http, Model model) {
		String body = (request != null) ? request : "";
		try {
			if (request == null && !service.isBlank() && !method.isBlank()) {
				body = prefill(service, method);
			}
		}
		catch (DynamicInvocationException ex) {
			model.addAttribute("error", ex.getMessage());
		}
		model.addAttribute("q", q);
		return page(service, method, body, metadata, "", http, model);
	}

	private String prefill(String service, String method) {
		String fullName = service + "/" + method;
		for (ExplorerExamples source : this.examples) {
			String example = source.example(fullName);
			if (example != null) {
				return example;
			}
		}
		return this.explorer.template(service, method);
	}

	@PostMapping
	String invoke(@RequestParam(defaultValue = "") String service, @RequestParam(defaultValue = "") String method,
			@RequestParam(defaultValue = "") String request, @RequestParam(defaultValue = "") String metadata,
			@RequestParam(defaultValue = "") String apiKey, HttpServletRequest http, Model model) {
		try {
			Map<String, String> headers = headers(metadata);
			if (!apiKey.isBlank()) {
				headers.put(this.apiKeyHeader, apiKey.trim());
			}
			ServiceDescription description = this.explorer.describe(service);
			List<String> requests = requests(description, method, request);
			InvocationResult result = this.explorer.invoke(service, method, requests, headers);
			model.addAttribute("result", result);
			model.addAttribute("responsesText", String.join("\n", result.responses()));
		}
		catch (DynamicInvocationException ex) {
			model.addAttribute("error", ex.getMessage());
		}
		return page(service, method, request, metadata, apiKey, http, model);
	}

	/** The requests of a form: one per line for client and bidirectional streaming. */
	private static List<String> requests(ServiceDescription description, String method, String request) {
		boolean streamingRequests = description.methods()
			.stream()
			.anyMatch((m) -> m.name().equals(method)
					&& (m.callType().equals("client-streaming") || m.callType().equals("bidi-streaming")));
		return streamingRequests ? lines(request) : List.of(request.isBlank() ? "{}" : request);
	}

	private String page(String service, String method, String request, String metadata, String apiKey,
			HttpServletRequest http, Model model) {
		String query = (model.getAttribute("q") instanceof String q) ? q.trim().toLowerCase(Locale.ROOT) : "";
		List<ServiceDescription> catalog = new ArrayList<>();
		try {
			for (String name : this.explorer.services()) {
				ServiceDescription description = this.explorer.describe(name);
				List<ServiceDescription.MethodDescription> matching = description.methods()
					.stream()
					.filter((m) -> query.isEmpty() || m.fullName().toLowerCase(Locale.ROOT).contains(query))
					.toList();
				if (!matching.isEmpty()) {
					catalog.add(new ServiceDescription(description.name(), description.file(), matching));
				}
				if (name.equals(service)) {
					model.addAttribute("description", description);
					describeMethod(description, method, model);
				}
			}
		}
		catch (DynamicInvocationException ex) {
			model.addAttribute("error", ex.getMessage());
		}
		model.addAttribute("catalog", catalog);
		model.addAttribute("q", model.getAttribute("q") != null ? model.getAttribute("q") : "");
		model.addAttribute("service", service);
		model.addAttribute("method", method);
		model.addAttribute("request", request);
		model.addAttribute("metadata", metadata);
		model.addAttribute("apiKey", apiKey);
		String shareable = withoutCredentials(metadata, this.apiKeyHeader);
		model.addAttribute("permalinkMetadata", shareable);
		if (model.getAttribute("description") instanceof ServiceDescription description
				&& model.getAttribute("selected") != null && this.explorer.port() > 0) {
			boolean keyed = !apiKey.isBlank() || carriesKey(metadata);
			model.addAttribute("commands",
					ExplorerCommands.of(http.getServerName() + ":" + this.explorer.port(), service + "/" + method,
							requests(description, method, request),
							shareable.isEmpty() ? List.of() : List.of(shareable.split("\n")),
							keyed ? this.apiKeyHeader : null));
		}
		return "grpc-admin/explorer";
	}

	private void describeMethod(ServiceDescription service, String method, Model model) {
		model.addAttribute("serviceComment", this.comments.of(service.name()));
		for (ServiceDescription.MethodDescription candidate : service.methods()) {
			if (candidate.name().equals(method)) {
				model.addAttribute("selected", candidate);
				model.addAttribute("methodComment", this.comments.of(service.name() + "." + method));
				model.addAttribute("inputComment", this.comments.of(candidate.input().type()));
				model.addAttribute("fields", RequestFields.of(candidate.input(), this.comments));
			}
		}
	}

	/** The metadata lines that may go in a URL: never the API key, nor other credentials. */
	static String withoutCredentials(String metadata, String apiKeyHeader) {
		StringBuilder kept = new StringBuilder();
		for (String line : metadata.split("\\R")) {
			int colon = line.indexOf(':');
			String name = (colon > 0) ? line.substring(0, colon).trim().toLowerCase(Locale.ROOT) : "";
			if (line.isBlank() || name.equals(apiKeyHeader.toLowerCase(Locale.ROOT))
					|| name.equals("authorization") || name.equals("cookie")) {
				continue;
			}
			if (!kept.isEmpty()) {
				kept.append('\n');
			}
			kept.append(line.trim());
		}
		return kept.toString();
	}

	private boolean carriesKey(String metadata) {
		return metadata.lines()
			.anyMatch((line) -> line.contains(":") && line.substring(0, line.indexOf(':'))
				.trim()
				.equalsIgnoreCase(this.apiKeyHeader));
	}

	private static Map<String, String> headers(String metadata) {
		Map<String, String> headers = new LinkedHashMap<>();
		for (String line : metadata.split("\\R")) {
			if (line.isBlank()) {
				continue;
			}
			int colon = line.indexOf(':');
			if (colon <= 0) {
				throw new DynamicInvocationException("metadata: one 'name: value' per line, was '" + line.trim() + "'");
			}
			headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
		}
		return headers;
	}

	/** Streaming requests: one JSON object per line, or one pretty-printed object. */
	private static List<String> lines(String text) {
		List<String> requests = new ArrayList<>();
		for (String line : text.split("\\R")) {
			if (!line.isBlank()) {
				requests.add(line.trim());
			}
		}
		boolean onePerLine = requests.stream().allMatch((line) -> line.startsWith("{") && line.endsWith("}"));
		return onePerLine ? requests : List.of(text);
	}

}
