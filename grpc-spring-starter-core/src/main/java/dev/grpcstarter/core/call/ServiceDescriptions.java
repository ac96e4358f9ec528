package dev.grpcstarter.core.call;

import java.util.Locale;
import java.util.stream.Collectors;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;

/**
 * Renders a service and its methods with their call types, for the startup log.
 */
public final class ServiceDescriptions {

	private ServiceDescriptions() {
	}

	/**
	 * One line: {@code pkg.Service [Method (unary), Other (server-streaming)]}.
	 * @param definition the service
	 * @return the line
	 */
	public static String describe(ServerServiceDefinition definition) {
		return definition.getMethods()
			.stream()
			.map((method) -> method.getMethodDescriptor())
			.map((method) -> method.getBareMethodName() + " (" + callType(method.getType()) + ")")
			.sorted()
			.collect(Collectors.joining(", ", definition.getServiceDescriptor().getName() + " [", "]"));
	}

	/**
	 * The call type in the words the docs use: unary, server-streaming, client-streaming,
	 * bidi-streaming.
	 * @param type the method type
	 * @return the name
	 */
	public static String callType(MethodDescriptor.MethodType type) {
		return type.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
