package dev.grpcstarter.autoconfigure.error;

import dev.grpcstarter.core.pipeline.MalformedRequestGuard;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.grpc.server.service.GrpcServiceConfigurer;

/**
 * Guards the request marshallers of every service Spring gRPC hands to the server: the
 * service configurer is where each service gets its final definition (interceptors
 * applied), for every transport.
 */
final class MalformedRequestGuardPostProcessor implements BeanPostProcessor {

	private final MalformedRequestGuard guard = new MalformedRequestGuard();

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof GrpcServiceConfigurer configurer) {
			return (GrpcServiceConfigurer) (service, factory) -> this.guard.guard(configurer.configure(service, factory));
		}
		return bean;
	}

}
