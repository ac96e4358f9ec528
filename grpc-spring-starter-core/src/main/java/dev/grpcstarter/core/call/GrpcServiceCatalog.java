package dev.grpcstarter.core.call;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

import io.grpc.BindableService;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ReflectionUtils;

/**
 * Which class implements each served service and which Java method each gRPC method is,
 * so the pipeline can honour annotations and marker interfaces on service code. Built once,
 * on first use, from the application's service beans.
 */
public final class GrpcServiceCatalog {

	private final ListableBeanFactory beanFactory;

	private volatile @Nullable Catalog catalog;

	/**
	 * A catalog of the given bean factory's services.
	 * @param beanFactory the bean factory
	 */
	public GrpcServiceCatalog(ListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	/**
	 * The class implementing a service.
	 * @param serviceName the full service name
	 * @return the class, or {@code null} for an unknown service
	 */
	public @Nullable Class<?> implementationOf(String serviceName) {
		return catalog().implementations.get(serviceName);
	}

	/**
	 * The Java method implementing a gRPC method.
	 * @param fullMethodName {@code package.Service/Method}
	 * @return the method, or {@code null} when unknown
	 */
	public @Nullable Method javaMethodOf(String fullMethodName) {
		return catalog().methods.get(fullMethodName);
	}

	/**
	 * Whether the service of a method is implemented by a class of the given type.
	 * @param fullMethodName {@code package.Service/Method}
	 * @param type the type, for example {@link AuthRequiredService}
	 * @return whether it is
	 */
	public boolean serviceIs(String fullMethodName, Class<?> type) {
		// Runs on every call (read-only transactions): a map look-up, no string work.
		Class<?> implementation = catalog().methodImplementations.get(fullMethodName);
		return implementation != null && type.isAssignableFrom(implementation);
	}

	private Catalog catalog() {
		Catalog current = this.catalog;
		if (current == null) {
			synchronized (this) {
				current = this.catalog;
				if (current == null) {
					current = build();
					this.catalog = current;
				}
			}
		}
		return current;
	}

	private Catalog build() {
		Map<String, Class<?>> implementations = new HashMap<>();
		Map<String, Class<?>> methodImplementations = new HashMap<>();
		Map<String, Method> methods = new HashMap<>();
		for (BindableService service : this.beanFactory.getBeansOfType(BindableService.class, false, true).values()) {
			Class<?> type = AopUtils.getTargetClass(service);
			ServerServiceDefinition definition = service.bindService();
			implementations.put(definition.getServiceDescriptor().getName(), type);
			for (ServerMethodDefinition<?, ?> method : definition.getMethods()) {
				methodImplementations.put(method.getMethodDescriptor().getFullMethodName(), type);
				String bareName = method.getMethodDescriptor().getBareMethodName();
				if (bareName == null) {
					continue;
				}
				String javaName = javaName(bareName);
				Method javaMethod = findJavaMethod(type, javaName);
				if (javaMethod == null) {
					// The generator appends '_' to names that are Java keywords (public_, new_).
					javaMethod = findJavaMethod(type, javaName + "_");
				}
				if (javaMethod != null) {
					methods.put(method.getMethodDescriptor().getFullMethodName(), javaMethod);
				}
			}
		}
		return new Catalog(Map.copyOf(implementations), Map.copyOf(methodImplementations), Map.copyOf(methods));
	}

	private static @Nullable Method findJavaMethod(Class<?> type, String name) {
		for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type)) {
			if (method.getName().equals(name) && !method.isBridge() && !method.isSynthetic()) {
				return method;
			}
		}
		return null;
	}

	/** grpc-java's generator names a method after the proto method, in lower camel case. */
	private static String javaName(String bareName) {
		StringBuilder name = new StringBuilder(bareName.length());
		boolean upper = false;
		for (int i = 0; i < bareName.length(); i++) {
			char c = bareName.charAt(i);
			if (c == '_') {
				upper = true;
			}
			else if (name.length() == 0) {
				name.append(Character.toLowerCase(c));
			}
			else {
				name.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return name.toString();
	}

	private record Catalog(Map<String, Class<?>> implementations, Map<String, Class<?>> methodImplementations,
			Map<String, Method> methods) {
	}

}
