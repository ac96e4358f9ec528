package dev.grpcstarter.core.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.grpcstarter.core.call.ServiceDescriptions;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON of the services a server registered and of its configuration snapshot, as stored
 * in {@code grpc_server_instance}.
 */
public final class RegisteredServicesJson {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private RegisteredServicesJson() {
	}

	/**
	 * The services as {@code [{"name": ..., "methods": [{"name": ..., "type": "unary"}]}]},
	 * sorted by name.
	 * @param services the services
	 * @return the JSON
	 */
	public static String services(List<ServerServiceDefinition> services) {
		List<Map<String, Object>> list = new ArrayList<>();
		services.stream()
			.sorted((a, b) -> a.getServiceDescriptor().getName().compareTo(b.getServiceDescriptor().getName()))
			.forEach((service) -> {
				List<Map<String, String>> methods = new ArrayList<>();
				service.getMethods()
					.stream()
					.map(ServerMethodDefinition::getMethodDescriptor)
					.sorted((a, b) -> a.getFullMethodName().compareTo(b.getFullMethodName()))
					.forEach((method) -> methods.add(Map.of("name", String.valueOf(method.getBareMethodName()),
							"type", ServiceDescriptions.callType(method.getType()))));
				Map<String, Object> entry = new LinkedHashMap<>();
				entry.put("name", service.getServiceDescriptor().getName());
				entry.put("methods", methods);
				list.add(entry);
			});
		return JSON.writeValueAsString(list);
	}

	/**
	 * Any map as JSON.
	 * @param values the values
	 * @return the JSON
	 */
	public static String object(Map<String, ?> values) {
		return JSON.writeValueAsString(values);
	}

	/**
	 * Reads the services JSON back.
	 * @param json the JSON
	 * @return the services, each with its methods
	 */
	@SuppressWarnings("unchecked")
	public static List<Map<String, Object>> readServices(String json) {
		return JSON.readValue(json, List.class);
	}

	/**
	 * Reads a JSON object back.
	 * @param json the JSON
	 * @return the map
	 */
	@SuppressWarnings("unchecked")
	public static Map<String, Object> readObject(String json) {
		return JSON.readValue(json, Map.class);
	}

}
