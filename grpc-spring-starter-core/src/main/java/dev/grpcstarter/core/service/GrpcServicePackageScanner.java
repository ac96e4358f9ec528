package dev.grpcstarter.core.service;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.grpc.BindableService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.grpc.server.service.GrpcService;
import org.springframework.util.ClassUtils;

/**
 * Finds the classes annotated with {@link GrpcService} in the configured packages,
 * whether or not they lie in the application's component scan.
 */
public final class GrpcServicePackageScanner {

	private static final Logger logger = LoggerFactory.getLogger(GrpcServicePackageScanner.class);

	private final ClassPathScanningCandidateComponentProvider provider;

	private final ClassLoader classLoader;

	/**
	 * A scanner reading the class path through the given loader.
	 * @param environment the environment, for profile and property conditions
	 * @param resourceLoader the resource loader
	 */
	public GrpcServicePackageScanner(Environment environment, ResourceLoader resourceLoader) {
		this.provider = new ClassPathScanningCandidateComponentProvider(false, environment);
		this.provider.setResourceLoader(resourceLoader);
		this.provider.addIncludeFilter(new AnnotationTypeFilter(GrpcService.class));
		ClassLoader loader = resourceLoader.getClassLoader();
		this.classLoader = (loader != null) ? loader : ClassUtils.getDefaultClassLoader();
	}

	/**
	 * The annotated service classes in the given packages and their sub-packages.
	 * @param packages the packages
	 * @return the classes, in a stable order
	 * @throws IllegalStateException when an annotated class is not a gRPC service
	 * implementation
	 */
	public List<Class<?>> scan(List<String> packages) {
		Set<Class<?>> found = new LinkedHashSet<>();
		for (String basePackage : packages) {
			Set<BeanDefinition> candidates = this.provider.findCandidateComponents(basePackage);
			if (candidates.isEmpty()) {
				logger.warn("grpc.services.packages: package '{}' holds no @GrpcService classes", basePackage);
			}
			for (BeanDefinition candidate : candidates) {
				found.add(load(candidate.getBeanClassName()));
			}
		}
		return new ArrayList<>(found);
	}

	private Class<?> load(String className) {
		Class<?> type = ClassUtils.resolveClassName(className, this.classLoader);
		if (!BindableService.class.isAssignableFrom(type)) {
			throw new IllegalStateException(NotAServiceMessage.of(type.getName()));
		}
		return type;
	}

	/**
	 * The one wording of the "annotated but not a service" error, shared with the
	 * discoverer that checks beans from the component scan.
	 */
	static final class NotAServiceMessage {

		private NotAServiceMessage() {
		}

		static String of(String className) {
			return "Class " + className + " is annotated with @GrpcService but is not a gRPC service implementation:"
					+ " extend the generated *ImplBase class (or implement io.grpc.BindableService)";
		}

	}

}
