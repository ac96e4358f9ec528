package dev.grpcstarter.core.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.DescriptorProtos.MethodOptions;
import com.google.protobuf.Descriptors;
import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP routes of the served methods: one per {@code google.api.http} rule and each of
 * its {@code additional_bindings}, plus, when a prefix is set, the generic route
 * {@code POST {prefix}/{package.Service}/{Method}} for every method (the whole request as the
 * JSON body). A request path is matched against the most specific templates first.
 */
final class HttpJsonRoutes {

	private static final ExtensionRegistry HTTP_EXTENSION = ExtensionRegistry.newInstance();

	static {
		AnnotationsProto.registerAllExtensions(HTTP_EXTENSION);
	}

	private final List<Route> routes;

	private final @Nullable String genericPrefix;

	private HttpJsonRoutes(List<Route> routes, @Nullable String genericPrefix) {
		this.routes = routes;
		this.genericPrefix = genericPrefix;
	}

	/**
	 * The routes of the given services.
	 * @param services the served services
	 * @param genericPrefix the generic route's prefix ({@code /rpc}), {@code null} for none
	 * @return the routes
	 * @throws IllegalArgumentException when a rule is invalid (the application does not start)
	 */
	static HttpJsonRoutes of(List<ServerServiceDefinition> services, @Nullable String genericPrefix) {
		List<Route> routes = new ArrayList<>();
		for (ServerServiceDefinition service : services) {
			for (ServerMethodDefinition<?, ?> definition : service.getMethods()) {
				io.grpc.MethodDescriptor<?, ?> grpcMethod = definition.getMethodDescriptor();
				if (!(grpcMethod.getSchemaDescriptor() instanceof ProtoMethodDescriptorSupplier supplier)) {
					continue;
				}
				Descriptors.MethodDescriptor method = supplier.getMethodDescriptor();
				if (method.isClientStreaming()) {
					continue;
				}
				HttpRule rule = rule(method);
				if (rule != null) {
					add(routes, rule, grpcMethod.getFullMethodName(), method, grpcMethod.getType());
					for (HttpRule binding : rule.getAdditionalBindingsList()) {
						add(routes, binding, grpcMethod.getFullMethodName(), method, grpcMethod.getType());
					}
				}
			}
		}
		routes.sort(Comparator.comparingInt((Route route) -> -route.template().literals()));
		String prefix = (genericPrefix == null || genericPrefix.isBlank()) ? null
				: (genericPrefix.endsWith("/") ? genericPrefix.substring(0, genericPrefix.length() - 1) : genericPrefix);
		if (prefix != null) {
			for (ServerServiceDefinition service : services) {
				for (ServerMethodDefinition<?, ?> definition : service.getMethods()) {
					io.grpc.MethodDescriptor<?, ?> grpcMethod = definition.getMethodDescriptor();
					if (grpcMethod.getSchemaDescriptor() instanceof ProtoMethodDescriptorSupplier supplier
							&& !supplier.getMethodDescriptor().isClientStreaming()) {
						routes.add(new Route("POST", PathTemplate.parse(prefix + "/" + grpcMethod.getFullMethodName()),
								grpcMethod.getFullMethodName(), supplier.getMethodDescriptor(), "*", "",
								grpcMethod.getType() == MethodType.SERVER_STREAMING));
					}
				}
			}
		}
		return new HttpJsonRoutes(List.copyOf(routes), prefix);
	}

	private static @Nullable HttpRule rule(Descriptors.MethodDescriptor method) {
		MethodOptions options = method.getOptions();
		if (options.hasExtension(AnnotationsProto.http)) {
			return options.getExtension(AnnotationsProto.http);
		}
		if (options.getUnknownFields().hasField(AnnotationsProto.HTTP_FIELD_NUMBER)) {
			// Options parsed before google.api.http was known: read them again with it.
			try {
				MethodOptions reparsed = MethodOptions.parseFrom(options.toByteString(), HTTP_EXTENSION);
				return reparsed.hasExtension(AnnotationsProto.http) ? reparsed.getExtension(AnnotationsProto.http) : null;
			}
			catch (InvalidProtocolBufferException ex) {
				return null;
			}
		}
		return null;
	}

	private static void add(List<Route> routes, HttpRule rule, String fullMethodName,
			Descriptors.MethodDescriptor method, MethodType type) {
		String verb;
		String path;
		switch (rule.getPatternCase()) {
			case GET -> {
				verb = "GET";
				path = rule.getGet();
			}
			case POST -> {
				verb = "POST";
				path = rule.getPost();
			}
			case PUT -> {
				verb = "PUT";
				path = rule.getPut();
			}
			case PATCH -> {
				verb = "PATCH";
				path = rule.getPatch();
			}
			case DELETE -> {
				verb = "DELETE";
				path = rule.getDelete();
			}
			case CUSTOM -> {
				verb = rule.getCustom().getKind().toUpperCase(java.util.Locale.ROOT);
				path = rule.getCustom().getPath();
			}
			default -> {
				return;
			}
		}
		PathTemplate template = PathTemplate.parse(path);
		Descriptors.Descriptor input = method.getInputType();
		for (String field : template.variableFields()) {
			require(MessageFields.resolve(input, field) != null, method, "path variable '" + field + "'");
		}
		String body = rule.getBody();
		if (!body.isEmpty() && !body.equals("*")) {
			require(input.findFieldByName(body) != null, method, "body '" + body + "'");
		}
		String responseBody = rule.getResponseBody();
		if (!responseBody.isEmpty()) {
			require(method.getOutputType().findFieldByName(responseBody) != null, method,
					"response_body '" + responseBody + "'");
		}
		routes.add(new Route(verb, template, fullMethodName, method, body, responseBody,
				type == MethodType.SERVER_STREAMING));
	}

	private static void require(boolean condition, Descriptors.MethodDescriptor method, String what) {
		if (!condition) {
			throw new IllegalArgumentException(
					"google.api.http rule of " + method.getFullName() + ": " + what + " names no field");
		}
	}

	/**
	 * The route of a request.
	 * @param httpMethod the HTTP method
	 * @param rawPath the path as sent, without the context path
	 * @return the route and its path variables, or {@code null}
	 */
	@Nullable Match find(String httpMethod, String rawPath) {
		for (Route route : this.routes) {
			if (route.httpMethod().equals(httpMethod)) {
				Map<String, String> variables = route.template().match(rawPath);
				if (variables != null) {
					return new Match(route, variables);
				}
			}
		}
		return null;
	}

	/**
	 * Whether a path is under the generic route's prefix: unknown ones there are answered 404.
	 * @param rawPath the path
	 * @return whether it is
	 */
	boolean isUnderGenericPrefix(String rawPath) {
		return this.genericPrefix != null && rawPath.startsWith(this.genericPrefix + "/");
	}

	/** @return every route */
	List<Route> routes() {
		return this.routes;
	}

	/**
	 * One route.
	 *
	 * @param httpMethod the HTTP method
	 * @param template the path template
	 * @param fullMethodName the gRPC method
	 * @param method its descriptor
	 * @param body {@code ""} (no body), {@code "*"} (the whole request) or a top-level field
	 * @param responseBody {@code ""} (the whole response) or a top-level field
	 * @param serverStreaming whether responses stream (NDJSON or server-sent events)
	 */
	record Route(String httpMethod, PathTemplate template, String fullMethodName, Descriptors.MethodDescriptor method,
			String body, String responseBody, boolean serverStreaming) {

	}

	/**
	 * A matched route.
	 *
	 * @param route the route
	 * @param variables the path variables' values by field path
	 */
	record Match(Route route, Map<String, String> variables) {

	}

}
