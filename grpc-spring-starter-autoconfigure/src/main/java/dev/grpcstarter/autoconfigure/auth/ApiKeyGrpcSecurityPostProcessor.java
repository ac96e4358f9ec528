package dev.grpcstarter.autoconfigure.auth;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.security.config.Customizer;

/**
 * Applies the {@link ApiKeyGrpcSecurityConfigurer} to every {@link GrpcSecurity} bean
 * before the application builds its interceptor from it.
 */
final class ApiKeyGrpcSecurityPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<ApiKeyGrpcSecurityConfigurer> configurer;

	ApiKeyGrpcSecurityPostProcessor(ObjectProvider<ApiKeyGrpcSecurityConfigurer> configurer) {
		this.configurer = configurer;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof GrpcSecurity grpc) {
			ApiKeyGrpcSecurityConfigurer apiKeys = this.configurer.getIfAvailable();
			if (apiKeys != null) {
				try {
					grpc.with(apiKeys, Customizer.withDefaults());
				}
				catch (Exception ex) {
					throw new IllegalStateException("API keys could not join the gRPC security", ex);
				}
			}
		}
		return bean;
	}

}
