package dev.grpcstarter.admin.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.grpcstarter.client.DynamicInvocationException;
import dev.grpcstarter.client.InvocationResult;
import dev.grpcstarter.client.ServiceDescription;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The API explorer: pick a service and method of this server, edit the JSON request
 * (prefilled from its template), add metadata and an API key, invoke, and see the status,
 * the responses, the trailers and the time.
 */
@Controller
@RequestMapping("/explorer")
public final class ExplorerController {

	private final LocalExplorer explorer;

	private final String apiKeyHeader;

	public ExplorerController(LocalExplorer explorer, String apiKeyHeader) {
		this.explorer = explorer;
		this.apiKeyHeader = apiKeyHeader;
	}

	@GetMapping
	String explorer(@RequestParam(defaultValue = "") String service, @RequestParam(defaultValue = "") String method,
			Model model) {
		String request = "";
		try {
			if (!service.isBlank() && !method.isBlank()) {
				request = this.explorer.template(service, method);
			}
		}
		catch (DynamicInvocationException ex) {
			model.addAttribute("error", ex.getMessage());
		}
		return page(service, method, request, "", "", model);
	}

	@PostMapping
	String invoke(@RequestParam(defaultValue = "") String service, @RequestParam(defaultValue = "") String method,
			@RequestParam(defaultValue = "") String request, @RequestParam(defaultValue = "") String metadata,
			@RequestParam(defaultValue = "") String apiKey, Model model) {
		try {
			Map<String, String> headers = headers(metadata);
			if (!apiKey.isBlank()) {
				headers.put(this.apiKeyHeader, apiKey.trim());
			}
			ServiceDescription description = this.explorer.describe(service);
			boolean streamingRequests = description.methods()
				.stream()
				.anyMatch((m) -> m.name().equals(method)
						&& (m.callType().equals("client-streaming") || m.callType().equals("bidi-streaming")));
			List<String> requests = streamingRequests ? lines(request) : List.of(request.isBlank() ? "{}" : request);
			InvocationResult result = this.explorer.invoke(service, method, requests, headers);
			model.addAttribute("result", result);
		}
		catch (DynamicInvocationException ex) {
			model.addAttribute("error", ex.getMessage());
		}
		return page(service, method, request, metadata, apiKey, model);
	}

	private String page(String service, String method, String request, String metadata, String apiKey, Model model) {
		try {
			model.addAttribute("services", this.explorer.services());
			if (!service.isBlank()) {
				model.addAttribute("description", this.explorer.describe(service));
			}
		}
		catch (DynamicInvocationException ex) {
			model.addAttribute("error", ex.getMessage());
			model.addAttribute("services", List.of());
		}
		model.addAttribute("service", service);
		model.addAttribute("method", method);
		model.addAttribute("request", request);
		model.addAttribute("metadata", metadata);
		model.addAttribute("apiKey", apiKey);
		return "grpc-admin/explorer";
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
