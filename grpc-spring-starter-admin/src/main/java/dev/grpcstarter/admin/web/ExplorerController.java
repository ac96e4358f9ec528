package dev.grpcstarter.admin.web;

import java.io.IOException;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.grpcstarter.client.DynamicInvocationException;
import dev.grpcstarter.client.InvocationListener;
import dev.grpcstarter.client.InvocationResult;
import dev.grpcstarter.client.RunningCall;
import dev.grpcstarter.client.ServiceDescription;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

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

	/** How long a call streamed to the page may run before its deadline ends it. */
	static final Duration STREAM_DEADLINE = Duration.ofMinutes(10);

	private static final JsonMapper EVENT_JSON = JsonMapper.builder().build();

	private static final AdminFormat FORMAT = new AdminFormat();

	private final LocalExplorer explorer;

	private final String apiKeyHeader;

	private final List<ExplorerExamples> examples;

	private final ProtoComments comments;

	private final ExplorerStreams streams = new ExplorerStreams();

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
			@RequestParam(defaultValue = "") String apiKey, HttpServletRequest http, Principal user, Model model) {
		try {
			Map<String, String> headers = headers(metadata);
			if (!apiKey.isBlank()) {
				headers.put(this.apiKeyHeader, apiKey.trim());
			}
			ServiceDescription description = this.explorer.describe(service);
			List<String> requests = requests(description, method, request);
			InvocationResult result = this.explorer.invoke(service, method, requests, headers, user.getName());
			model.addAttribute("result", result);
			model.addAttribute("responsesText", String.join("\n", result.responses()));
		}
		catch (DynamicInvocationException ex) {
			model.addAttribute("error", ex.getMessage());
		}
		return page(service, method, request, metadata, apiKey, http, model);
	}

	/**
	 * Invokes a method and streams its responses to the page as server-sent events, each as
	 * it arrives: {@code start} (the call's id, for the stop button), {@code response} (one
	 * per message), {@code end} (status, message, time, headers, trailers), or
	 * {@code failure} when the call could not start. The page posts the form with its CSRF
	 * token, so the API key never goes in a URL.
	 */
	@PostMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter stream(@RequestParam(defaultValue = "") String service, @RequestParam(defaultValue = "") String method,
			@RequestParam(defaultValue = "") String request, @RequestParam(defaultValue = "") String metadata,
			@RequestParam(defaultValue = "") String apiKey, Principal user) {
		SseEmitter emitter = new SseEmitter(STREAM_DEADLINE.plusSeconds(30).toMillis());
		String id = this.streams.newId();
		emitter.onCompletion(() -> this.streams.end(id));
		emitter.onTimeout(() -> this.streams.end(id));
		emitter.onError((ex) -> this.streams.end(id));
		try {
			Map<String, String> headers = headers(metadata);
			if (!apiKey.isBlank()) {
				headers.put(this.apiKeyHeader, apiKey.trim());
			}
			List<String> requests = requests(this.explorer.describe(service), method, request);
			send(emitter, "start", Map.of("id", id));
			AtomicBoolean ended = new AtomicBoolean();
			RunningCall call = this.explorer.start(service, method, requests, headers, STREAM_DEADLINE,
					new InvocationListener() {
						private int count;

						@Override
						public void onResponse(String json) {
							this.count++;
							send(emitter, "response", new StreamedResponse(this.count, json));
						}

						@Override
						public void onEnd(InvocationResult result) {
							Map<String, Object> end = new LinkedHashMap<>();
							end.put("code", result.code());
							end.put("message", (result.message() != null) ? result.message() : "");
							end.put("elapsed", FORMAT.duration(result.elapsed()));
							end.put("count", result.responses().size());
							end.put("headers", result.headers());
							end.put("trailers", result.trailers());
							send(emitter, "end", end);
							ended.set(true);
							ExplorerController.this.streams.end(id);
							emitter.complete();
						}
					}, user.getName());
			this.streams.add(id, user.getName(), call);
			if (ended.get()) {
				// Ended before it was registered: nothing left to stop.
				this.streams.end(id);
			}
		}
		catch (DynamicInvocationException ex) {
			send(emitter, "failure", Map.of("message", String.valueOf(ex.getMessage())));
			emitter.complete();
		}
		return emitter;
	}

	/** Stops a streamed call: the gRPC call is cancelled and the server sees it. */
	@PostMapping("/stream/{id}/cancel")
	ResponseEntity<Void> cancel(@PathVariable String id, Principal user) {
		return this.streams.cancel(id, user.getName()) ? ResponseEntity.noContent().build()
				: ResponseEntity.notFound().build();
	}

	private static void send(SseEmitter emitter, String name, Object data) {
		try {
			// One line of JSON per event: responses keep their line breaks escaped inside it.
			emitter.send(SseEmitter.event().name(name).data(EVENT_JSON.writeValueAsString(data)));
		}
		catch (IOException | IllegalStateException ex) {
			// The page went away; onError or onCompletion cancels the call.
		}
	}

	/** A {@code response} event: the message's number in the stream and its JSON. */
	record StreamedResponse(int n, String json) {

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
		Map<String, String> catalogComments = new LinkedHashMap<>();
		try {
			for (String name : this.explorer.services()) {
				ServiceDescription description = this.explorer.describe(name);
				List<ServiceDescription.MethodDescription> matching = description.methods()
					.stream()
					.filter((m) -> query.isEmpty() || m.fullName().toLowerCase(Locale.ROOT).contains(query))
					.toList();
				if (!matching.isEmpty()) {
					catalog.add(new ServiceDescription(description.name(), description.file(), matching));
					comment(catalogComments, description.name(), description.name());
					matching.forEach((m) -> comment(catalogComments, m.fullName(), name + "." + m.name()));
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
		model.addAttribute("catalogComments", catalogComments);
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

	private void comment(Map<String, String> comments, String key, String element) {
		String comment = this.comments.of(element);
		if (comment != null) {
			comments.put(key, comment);
		}
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
