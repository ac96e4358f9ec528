package dev.grpcstarter.admin.web;

import org.springframework.web.method.HandlerTypePredicate;
import org.springframework.web.servlet.config.annotation.PathMatchConfigurer;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Mounts the admin UI under its path: the controllers of this package are mapped relative
 * to it (they carry no path of their own), and the assets are served below it. The path
 * is given once, from {@code grpc.admin.path}.
 */
public final class AdminMvcConfigurer implements WebMvcConfigurer {

	private final String path;

	/**
	 * A configurer.
	 * @param path the admin base path, for example {@code /grpc-admin}
	 */
	public AdminMvcConfigurer(String path) {
		this.path = path;
	}

	@Override
	public void configurePathMatch(PathMatchConfigurer configurer) {
		configurer.addPathPrefix(this.path, HandlerTypePredicate.forBasePackageClass(AdminMvcConfigurer.class));
	}

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler(this.path + "/assets/**").addResourceLocations("classpath:/grpc-admin/assets/");
	}

}
