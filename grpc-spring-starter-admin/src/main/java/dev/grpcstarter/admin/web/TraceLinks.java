package dev.grpcstarter.admin.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * Turns a trace id into a link to a tracing UI, from {@code grpc.admin.trace-url-template}
 * (for example {@code https://grafana.example.com/explore?traceId={traceId}}).
 */
public final class TraceLinks {

	private static final String PLACEHOLDER = "{traceId}";

	private final @Nullable String template;

	/**
	 * Links from the given template.
	 * @param template the URL with {@code {traceId}}; {@code null} or blank for no links
	 * @throws IllegalArgumentException when the template has no {@code {traceId}}
	 */
	public TraceLinks(@Nullable String template) {
		if (template != null && !template.isBlank() && !template.contains(PLACEHOLDER)) {
			throw new IllegalArgumentException(
					"grpc.admin.trace-url-template must contain " + PLACEHOLDER + ": " + template);
		}
		this.template = (template == null || template.isBlank()) ? null : template;
	}

	/**
	 * The link of a trace.
	 * @param traceId the trace id, {@code null} when the call has none
	 * @return the link, {@code null} without a template or a trace id
	 */
	public @Nullable String url(@Nullable String traceId) {
		if (this.template == null || traceId == null) {
			return null;
		}
		return this.template.replace(PLACEHOLDER, URLEncoder.encode(traceId, StandardCharsets.UTF_8));
	}

}
