package dev.grpcstarter.core.web;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.grpcstarter.core.call.CallTransport;
import dev.grpcstarter.core.call.ClientAddressResolver;
import dev.grpcstarter.core.call.RequestContext;
import io.grpc.Metadata;
import io.grpc.Status;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP/JSON transcoding on the application's HTTP port: requests matching a
 * {@code google.api.http} rule (or the generic route) become the method's request message
 * (body, path variables, query parameters), go through the {@link WebBridge} like any call,
 * and the response message comes back as JSON by the proto3 mapping; server streams as
 * newline-delimited JSON, or server-sent events when the client accepts
 * {@code text/event-stream}. Failures answer with the HTTP status of their gRPC code and
 * the {@code google.rpc.Status} as JSON; requests the transcoder refuses (unknown path under
 * the generic prefix, wrong content type, malformed JSON, body over the limit) still reach
 * the bridge to end there, so each gets its request-log row.
 */
public final class HttpJsonHandler {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Not among the servlet API's constants. */
	private static final int REQUEST_HEADER_FIELDS_TOO_LARGE = 431;

	private final WebBridge bridge;

	private final ClientAddressResolver addresses;

	private final HttpJsonRoutes routes;

	private final JsonMessages messages;

	private final JsonBodyCheck check;

	private final boolean ignoreUnknownFields;

	private final boolean preserveProtoFieldNames;

	private final long maxRequestBytes;

	/**
	 * A handler.
	 * @param bridge where calls go
	 * @param addresses resolves the HTTP client's address
	 * @param options the JSON and routing options
	 * @throws IllegalArgumentException when a {@code google.api.http} rule is invalid
	 */
	public HttpJsonHandler(WebBridge bridge, ClientAddressResolver addresses, Options options) {
		this.bridge = bridge;
		this.addresses = addresses;
		this.routes = HttpJsonRoutes.of(bridge.services(), options.genericRoutePrefix());
		List<FileDescriptor> files = new ArrayList<>();
		for (HttpJsonRoutes.Route route : this.routes.routes()) {
			files.add(route.method().getFile());
		}
		this.messages = new JsonMessages(files, options.preserveProtoFieldNames(), options.includeDefaultValues(),
				options.ignoreUnknownFields());
		this.check = new JsonBodyCheck(options.ignoreUnknownFields());
		this.ignoreUnknownFields = options.ignoreUnknownFields();
		this.preserveProtoFieldNames = options.preserveProtoFieldNames();
		this.maxRequestBytes = options.maxRequestBytes();
	}

	/**
	 * Whether a request is for this handler: it matches a route, or lies under the generic
	 * route's prefix.
	 * @param request the request
	 * @return whether to handle it
	 */
	public boolean handles(HttpServletRequest request) {
		return handlesPath(request.getMethod(), request);
	}

	/**
	 * Whether a request with the given method would be for this handler (CORS preflights ask
	 * for another method than their own).
	 * @param method the HTTP method
	 * @param request the request
	 * @return whether to handle it
	 */
	public boolean handlesPath(String method, HttpServletRequest request) {
		String path = rawPath(request);
		return this.routes.find(method, path) != null || this.routes.isUnderGenericPrefix(path);
	}

	/**
	 * Serves one request.
	 * @param request the request
	 * @param response the response
	 * @throws IOException when the client cannot be written to
	 */
	public void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String path = rawPath(request);
		BridgeHeaders headers = BridgeHeaders.of(request, CallTransport.HTTP_JSON, this.addresses);
		HttpJsonRoutes.Match match = this.routes.find(request.getMethod(), path);
		response.setHeader(RequestContext.REQUEST_ID_KEY.name(), headers.requestId());
		if (match == null) {
			// Unknown method under the generic prefix: the fallback registry answers, as for a
			// native call to an unknown method; HTTP says 404.
			BridgeExchange exchange = new BridgeExchange(
					this.bridge.newCall("/" + request.getMethod() + " " + path, headers.options()));
			exchange.start(headers.metadata(), List.of());
			respond(exchange, response, request, null, HttpServletResponse.SC_NOT_FOUND);
			return;
		}
		HttpJsonRoutes.Route route = match.route();
		Metadata start = headers.metadata();
		List<byte[]> requestMessages = List.of();
		Integer httpStatus = null;
		try {
			requestMessages = List.of(requestMessage(request, match).toByteArray());
			withinLimits(start, requestMessages);
		}
		catch (Refusal refusal) {
			requestMessages = List.of();
			start = headers.rejected(refusal.code, refusal.getMessage());
			httpStatus = refusal.httpStatus;
		}
		BridgeExchange exchange = new BridgeExchange(this.bridge.newCall(route.fullMethodName(), headers.options()));
		exchange.start(start, requestMessages);
		respond(exchange, response, request, route, httpStatus);
	}

	private DynamicMessage requestMessage(HttpServletRequest request, HttpJsonRoutes.Match match)
			throws Refusal, IOException {
		HttpJsonRoutes.Route route = match.route();
		Descriptor input = route.method().getInputType();
		DynamicMessage.Builder message = DynamicMessage.newBuilder(input);
		try {
			if (!route.body().isEmpty()) {
				body(request, route, message);
			}
			for (Map.Entry<String, String> variable : match.variables().entrySet()) {
				MessageFields.set(message, variable.getKey(), List.of(variable.getValue()),
						"path variable '" + variable.getKey() + "'");
			}
			for (Map.Entry<String, List<String>> parameter : query(request.getQueryString()).entrySet()) {
				String name = parameter.getKey();
				if (match.variables().containsKey(name)) {
					continue;
				}
				boolean known = !route.body().equals("*") && MessageFields.resolve(input, name) != null
						&& !name.equals(route.body()) && !name.startsWith(route.body() + ".");
				if (!known) {
					if (this.ignoreUnknownFields) {
						continue;
					}
					throw new BadRequestException("query parameter '" + name + "' names no field"
							+ (route.body().equals("*") ? " (the whole request is the body)" : " of " + input.getFullName()));
				}
				MessageFields.set(message, name, parameter.getValue(), "query parameter '" + name + "'");
			}
		}
		catch (BadRequestException ex) {
			throw new Refusal(Status.Code.INVALID_ARGUMENT, ex.getMessage(), null);
		}
		return message.build();
	}

	private void withinLimits(Metadata metadata, List<byte[]> messages) throws Refusal {
		InboundLimits limits = this.bridge.limits();
		String exceeded = limits.metadataExceeded(metadata);
		if (exceeded != null) {
			throw new Refusal(Status.Code.RESOURCE_EXHAUSTED, exceeded, REQUEST_HEADER_FIELDS_TOO_LARGE);
		}
		exceeded = limits.messageExceeded(messages);
		if (exceeded != null) {
			throw new Refusal(Status.Code.RESOURCE_EXHAUSTED, exceeded, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
		}
	}

	private void body(HttpServletRequest request, HttpJsonRoutes.Route route, DynamicMessage.Builder message)
			throws Refusal, IOException {
		byte[] bytes = RequestBody.read(request, this.maxRequestBytes);
		if (bytes == null) {
			throw new Refusal(Status.Code.RESOURCE_EXHAUSTED,
					"request body larger than " + this.maxRequestBytes + " bytes", HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
		}
		String text = new String(bytes, StandardCharsets.UTF_8);
		if (text.isBlank()) {
			return;
		}
		String type = request.getContentType();
		if (type == null || !isJson(type)) {
			throw new Refusal(Status.Code.INVALID_ARGUMENT,
					"unsupported content type '" + type + "': the body must be application/json",
					HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE);
		}
		String problem;
		String json;
		if (route.body().equals("*")) {
			problem = this.check.problem(text, message.getDescriptorForType(), "");
			json = text;
		}
		else {
			FieldDescriptor field = message.getDescriptorForType().findFieldByName(route.body());
			problem = this.check.problem(text, field);
			json = "{\"" + field.getName() + "\":" + text + "}";
		}
		if (problem != null) {
			throw new Refusal(Status.Code.INVALID_ARGUMENT, problem, null);
		}
		try {
			this.messages.merge(json, message);
		}
		catch (InvalidProtocolBufferException | RuntimeException ex) {
			throw new Refusal(Status.Code.INVALID_ARGUMENT, "invalid JSON body: " + ex.getMessage(), null);
		}
	}

	private static boolean isJson(String contentType) {
		String type = contentType.toLowerCase(Locale.ROOT);
		int semicolon = type.indexOf(';');
		String bare = ((semicolon < 0) ? type : type.substring(0, semicolon)).trim();
		return bare.equals("application/json") || (bare.startsWith("application/") && bare.endsWith("+json"));
	}

	private void respond(BridgeExchange exchange, HttpServletResponse response, HttpServletRequest request,
			HttpJsonRoutes.@Nullable Route route, @Nullable Integer refusedStatus) throws IOException {
		boolean streaming = route != null && route.serverStreaming();
		boolean sse = streaming && accepts(request, "text/event-stream");
		boolean started = false;
		String unary = null;
		try {
			while (true) {
				BridgeExchange.Event event = exchange.next();
				if (event instanceof BridgeExchange.Headers headers) {
					copyHeaders(headers.headers(), response);
				}
				else if (event instanceof BridgeExchange.Message message) {
					String json = responseJson(message.bytes(), route);
					if (!streaming) {
						// Written with the close: the trailers may still become headers.
						unary = json;
						exchange.requestNext();
						continue;
					}
					if (!started) {
						response.setStatus(HttpServletResponse.SC_OK);
						response.setContentType(sse ? "text/event-stream" : "application/x-ndjson");
						response.setCharacterEncoding("UTF-8");
						started = true;
					}
					write(response, sse ? "data: " + json + "\n\n" : json + "\n");
					response.flushBuffer();
					exchange.requestNext();
				}
				else if (event instanceof BridgeExchange.Close close) {
					copyHeaders(close.trailers(), response);
					if (close.status().isOk()) {
						if (!streaming) {
							response.setStatus(HttpServletResponse.SC_OK);
							response.setContentType("application/json");
							write(response, (unary != null) ? unary : "{}");
						}
						else if (!started) {
							response.setStatus(HttpServletResponse.SC_OK);
							response.setContentType(sse ? "text/event-stream" : "application/x-ndjson");
						}
						response.flushBuffer();
						return;
					}
					String status = this.messages.status(close.status(), close.trailers());
					if (started) {
						write(response, sse ? "event: error\ndata: " + status + "\n\n" : "{\"error\":" + status + "}\n");
					}
					else {
						if (!response.isCommitted()) {
							response.resetBuffer();
						}
						response.setStatus((refusedStatus != null) ? refusedStatus : HttpStatusOfCode.of(close.status().getCode()));
						response.setContentType("application/json");
						write(response, status);
					}
					response.flushBuffer();
					return;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			exchange.cancel("the HTTP client went away");
			try {
				exchange.awaitClose(5000);
			}
			catch (InterruptedException interrupted) {
				Thread.currentThread().interrupt();
			}
			throw ex;
		}
	}

	private String responseJson(byte[] bytes, HttpJsonRoutes.@Nullable Route route) throws IOException {
		if (route == null) {
			return "{}";
		}
		DynamicMessage message = DynamicMessage.parseFrom(route.method().getOutputType(), bytes);
		String json = this.messages.print(message);
		if (route.responseBody().isEmpty()) {
			return json;
		}
		FieldDescriptor field = route.method().getOutputType().findFieldByName(route.responseBody());
		JsonNode value = JSON.readTree(json).get(this.preserveProtoFieldNames ? field.getName() : field.getJsonName());
		if (value == null) {
			// The field holds its default value and defaults are not printed.
			return field.isRepeated() ? "[]" : (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) ? "{}" : "null";
		}
		return value.toString();
	}

	private static void write(HttpServletResponse response, String text) throws IOException {
		OutputStream out = response.getOutputStream();
		out.write(text.getBytes(StandardCharsets.UTF_8));
	}

	private static void copyHeaders(Metadata metadata, HttpServletResponse response) {
		for (String name : metadata.keys()) {
			if (name.endsWith(Metadata.BINARY_HEADER_SUFFIX) || name.startsWith("grpc-")
					|| name.equals(RequestContext.REQUEST_ID_KEY.name()) || response.containsHeader(name)) {
				continue;
			}
			for (String value : GrpcWebFrames.values(metadata, name)) {
				response.addHeader(name, value);
			}
		}
	}

	private static boolean accepts(HttpServletRequest request, String type) {
		String accept = request.getHeader("Accept");
		return accept != null && accept.toLowerCase(Locale.ROOT).contains(type);
	}

	static Map<String, List<String>> query(@Nullable String queryString) {
		Map<String, List<String>> parameters = new LinkedHashMap<>();
		if (queryString == null || queryString.isEmpty()) {
			return parameters;
		}
		for (String pair : queryString.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = URLDecoder.decode((equals < 0) ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
			String value = (equals < 0) ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
			parameters.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
		}
		return parameters;
	}

	private static String rawPath(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}

	/**
	 * The transcoder's options.
	 *
	 * @param genericRoutePrefix the generic route's prefix, {@code null} for no generic route
	 * @param preserveProtoFieldNames JSON field names as in the .proto instead of lowerCamelCase
	 * @param includeDefaultValues print fields that hold their default value
	 * @param ignoreUnknownFields accept JSON fields and query parameters the request does not have
	 * @param maxRequestBytes the largest request body accepted
	 */
	public record Options(@Nullable String genericRoutePrefix, boolean preserveProtoFieldNames,
			boolean includeDefaultValues, boolean ignoreUnknownFields, long maxRequestBytes) {

	}

	/** A request refused before the pipeline: the status for its row, and the HTTP status when it is not the code's. */
	private static final class Refusal extends Exception {

		private static final long serialVersionUID = 1L;

		private final Status.Code code;

		private final @Nullable Integer httpStatus;

		Refusal(Status.Code code, String message, @Nullable Integer httpStatus) {
			super(message);
			this.code = code;
			this.httpStatus = httpStatus;
		}

	}

}
