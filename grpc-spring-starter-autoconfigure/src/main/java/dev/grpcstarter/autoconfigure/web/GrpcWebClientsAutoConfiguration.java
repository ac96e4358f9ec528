package dev.grpcstarter.autoconfigure.web;

import java.util.ArrayList;
import java.util.List;

import dev.grpcstarter.autoconfigure.call.GrpcClientAddressAutoConfiguration;
import dev.grpcstarter.autoconfigure.condition.ConditionalOnGrpcServerEnabled;
import dev.grpcstarter.autoconfigure.error.GrpcErrorMappingAutoConfiguration;
import dev.grpcstarter.autoconfigure.requestlog.GrpcRequestLogAutoConfiguration;
import dev.grpcstarter.core.call.ClientAddressResolver;
import dev.grpcstarter.core.web.GrpcWebHandler;
import dev.grpcstarter.core.web.HttpJsonHandler;
import dev.grpcstarter.core.web.InboundLimits;
import dev.grpcstarter.core.web.WebBridge;
import dev.grpcstarter.core.web.WebClientsFilter;
import io.grpc.ServerBuilder;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessServerBuilder;
import jakarta.servlet.Filter;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.boot.util.LambdaSafe;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.grpc.server.GrpcServerFactory;
import org.springframework.grpc.server.ServerBuilderCustomizer;
import org.springframework.grpc.server.service.GrpcServiceConfigurer;
import org.springframework.grpc.server.service.GrpcServiceDiscoverer;
import org.springframework.util.unit.DataSize;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * gRPC-Web and HTTP/JSON transcoding on the application's HTTP port (servlet web
 * applications), each off until its {@code enabled} property is set. Both dispatch into one
 * in-process gRPC server built from the service definitions the native server serves
 * (Spring gRPC's configurer applies the same interceptors) and customized by the same
 * {@link ServerBuilderCustomizer}s (the request log's stream tracer, the fallback registry),
 * so web calls run through the same pipeline and each gets one request-log row.
 */
@AutoConfiguration(after = { GrpcServerAutoConfiguration.class, GrpcErrorMappingAutoConfiguration.class,
		GrpcRequestLogAutoConfiguration.class, GrpcClientAddressAutoConfiguration.class })
@ConditionalOnClass({ Filter.class, OncePerRequestFilter.class, InProcessServerBuilder.class,
		GrpcServiceConfigurer.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnGrpcServerEnabled
@Conditional(GrpcWebClientsAutoConfiguration.AnyTransportEnabled.class)
@ConditionalOnBean({ GrpcServiceDiscoverer.class, GrpcServiceConfigurer.class, GrpcServerFactory.class,
		ClientAddressResolver.class })
@EnableConfigurationProperties(GrpcWebClientsProperties.class)
public final class GrpcWebClientsAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	WebBridge grpcWebBridge(GrpcServiceDiscoverer discoverer, GrpcServiceConfigurer configurer,
			GrpcServerFactory serverFactory, ObjectProvider<ServerBuilderCustomizer<?>> customizers,
			ObjectProvider<GrpcServerProperties> serverProperties) throws Exception {
		List<ServerServiceDefinition> services = new ArrayList<>();
		discoverer.findServices().forEach((spec) -> services.add(configurer.configure(spec, serverFactory)));
		List<ServerBuilderCustomizer<?>> ordered = customizers.orderedStream().toList();
		WebBridge bridge = new WebBridge(services, (builder) -> customize(ordered, builder),
				inboundLimits(serverProperties.getIfAvailable()));
		bridge.start();
		return bridge;
	}

	// Spring Boot applies these to the native server's builder in a customizer of its own
	// that is not a bean, so the bridge reads the same properties.
	private static InboundLimits inboundLimits(@Nullable GrpcServerProperties server) {
		if (server == null) {
			return InboundLimits.DEFAULTS;
		}
		DataSize message = server.getInbound().getMessage().getMaxSize();
		DataSize metadata = server.getInbound().getMetadata().getMaxSize();
		return new InboundLimits(
				(message != null) ? Math.toIntExact(message.toBytes()) : InboundLimits.DEFAULTS.maxMessageBytes(),
				(metadata != null) ? Math.toIntExact(metadata.toBytes()) : InboundLimits.DEFAULTS.maxMetadataBytes());
	}

	@SuppressWarnings("unchecked")
	private static void customize(List<ServerBuilderCustomizer<?>> customizers, ServerBuilder<?> builder) {
		// Customizers written for another builder type (Netty's) are skipped, as Boot does.
		LambdaSafe.callbacks(ServerBuilderCustomizer.class, customizers, builder)
			.invoke((customizer) -> customizer.customize(builder));
	}

	@Bean
	FilterRegistrationBean<WebClientsFilter> grpcWebClientsFilter(WebBridge bridge, ClientAddressResolver addresses,
			GrpcWebClientsProperties properties) {
		long maxBytes = properties.getMaxRequestSize().toBytes();
		GrpcWebHandler grpcWeb = properties.getGrpcWeb().isEnabled()
				? new GrpcWebHandler(bridge, addresses, maxBytes) : null;
		GrpcWebClientsProperties.HttpJson json = properties.getHttpJson();
		HttpJsonHandler httpJson = json.isEnabled() ? new HttpJsonHandler(bridge, addresses,
				new HttpJsonHandler.Options(json.getGenericRoutePrefix().isBlank() ? null : json.getGenericRoutePrefix(),
						json.isPreserveProtoFieldNames(), json.isIncludeDefaultValues(), json.isIgnoreUnknownFields(),
						maxBytes))
				: null;
		FilterRegistrationBean<WebClientsFilter> registration = new FilterRegistrationBean<>(
				new WebClientsFilter(bridge, grpcWeb, httpJson, cors(properties.getCors())));
		registration.setName("grpcWebClientsFilter");
		registration.setOrder(properties.getFilterOrder());
		return registration;
	}

	private static @Nullable CorsConfiguration cors(GrpcWebClientsProperties.Cors properties) {
		if (properties.getAllowedOrigins().isEmpty() && properties.getAllowedOriginPatterns().isEmpty()) {
			return null;
		}
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOrigins(properties.getAllowedOrigins());
		cors.setAllowedOriginPatterns(properties.getAllowedOriginPatterns());
		cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
		cors.setAllowedHeaders(properties.getAllowedHeaders());
		List<String> exposed = new ArrayList<>(List.of("grpc-status", "grpc-message", "grpc-status-details-bin",
				"x-request-id", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "retry-after"));
		exposed.addAll(properties.getExposedHeaders());
		cors.setExposedHeaders(exposed);
		cors.setAllowCredentials(properties.isAllowCredentials());
		cors.setMaxAge(properties.getMaxAge());
		return cors;
	}

	static final class AnyTransportEnabled extends AnyNestedCondition {

		AnyTransportEnabled() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnBooleanProperty("grpc.web.grpc-web.enabled")
		static final class GrpcWebEnabled {

		}

		@ConditionalOnBooleanProperty("grpc.web.http-json.enabled")
		static final class HttpJsonEnabled {

		}

	}

}
