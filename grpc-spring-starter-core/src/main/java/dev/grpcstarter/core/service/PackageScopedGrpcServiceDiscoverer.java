package dev.grpcstarter.core.service;

import dev.grpcstarter.core.call.ServiceDescriptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.grpc.server.service.GrpcService;
import org.springframework.grpc.server.service.GrpcServiceDiscoverer;
import org.springframework.grpc.server.service.GrpcServiceSpec;

/**
 * A {@link GrpcServiceDiscoverer} that exposes only the services whose implementation lies
 * in the configured packages (when any are configured), fails on two implementations of
 * one service name and on {@code @GrpcService} beans that are not services, and logs each
 * exposed service with its methods.
 *
 * <p>The standard services under the {@code grpc.} namespace (health, reflection) are
 * infrastructure and always pass the package filter.
 */
public final class PackageScopedGrpcServiceDiscoverer implements GrpcServiceDiscoverer {

	private static final Logger logger = LoggerFactory.getLogger(PackageScopedGrpcServiceDiscoverer.class);

	private final GrpcServiceDiscoverer delegate;

	private final ListableBeanFactory beanFactory;

	private final List<String> packages;

	private final AtomicBoolean logged = new AtomicBoolean();

	/**
	 * A discoverer filtering what the delegate finds.
	 * @param delegate the discoverer finding every service bean
	 * @param beanFactory the bean factory, to check {@code @GrpcService} beans
	 * @param packages the packages whose services are exposed; empty exposes all
	 */
	public PackageScopedGrpcServiceDiscoverer(GrpcServiceDiscoverer delegate, ListableBeanFactory beanFactory,
			List<String> packages) {
		this.delegate = delegate;
		this.beanFactory = beanFactory;
		this.packages = List.copyOf(packages);
	}

	@Override
	public List<GrpcServiceSpec> findServices() {
		checkAnnotatedBeansAreServices();
		Map<String, GrpcServiceSpec> byName = new LinkedHashMap<>();
		List<ServerServiceDefinition> exposed = new ArrayList<>();
		for (GrpcServiceSpec spec : this.delegate.findServices()) {
			ServerServiceDefinition definition = spec.service().bindService();
			String name = definition.getServiceDescriptor().getName();
			Class<?> implementation = AopUtils.getTargetClass(spec.service());
			if (!isExposed(name, implementation)) {
				logger.debug("Not exposing gRPC service {} ({}): outside grpc.services.packages {}", name,
						implementation.getName(), this.packages);
				continue;
			}
			GrpcServiceSpec previous = byName.putIfAbsent(name, spec);
			if (previous != null) {
				throw new IllegalStateException("gRPC service " + name + " is implemented twice: by "
						+ AopUtils.getTargetClass(previous.service()).getName() + " and by " + implementation.getName()
						+ "; keep one, or move one out of grpc.services.packages");
			}
			exposed.add(definition);
		}
		logOnce(exposed);
		return new ArrayList<>(byName.values());
	}

	@Override
	public List<String> listServiceNames() {
		return findServices().stream()
			.map((spec) -> spec.service().bindService().getServiceDescriptor().getName())
			.toList();
	}

	private boolean isExposed(String serviceName, Class<?> implementation) {
		if (this.packages.isEmpty() || serviceName.startsWith("grpc.")) {
			return true;
		}
		String className = implementation.getName();
		return this.packages.stream().anyMatch((pkg) -> className.startsWith(pkg + "."));
	}

	private void checkAnnotatedBeansAreServices() {
		for (String beanName : this.beanFactory.getBeanNamesForAnnotation(GrpcService.class)) {
			Class<?> type = this.beanFactory.getType(beanName, false);
			if (type != null && !BindableService.class.isAssignableFrom(type)) {
				throw new IllegalStateException(GrpcServicePackageScanner.NotAServiceMessage.of(type.getName()));
			}
		}
	}

	private void logOnce(List<ServerServiceDefinition> exposed) {
		if (this.logged.compareAndSet(false, true) && logger.isInfoEnabled()) {
			for (ServerServiceDefinition definition : exposed) {
				logger.info("gRPC service {}", ServiceDescriptions.describe(definition));
			}
		}
	}

}
