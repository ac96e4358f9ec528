package dev.grpcstarter.autoconfigure.call;

import java.util.ArrayList;
import java.util.List;

import dev.grpcstarter.core.call.ClientAddressResolver;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * How the client address of a call is found (request log, failed-attempt throttling).
 *
 * <p>Checked when bound ({@link Validated}), by this class itself as a Spring
 * {@link Validator} rather than with Jakarta constraints: Spring Boot applies a
 * self-validating properties class without a Bean Validation provider on the class path
 * (the starter brings none), and the address syntax is the resolver's own. A failure stops
 * startup with a message naming the property.
 */
@ConfigurationProperties("grpc.client-address")
@Validated
public class GrpcClientAddressProperties implements Validator {

	/** Proxies (IP addresses or CIDR ranges) whose X-Forwarded-For header is believed; empty believes none. */
	private List<String> trustedProxies = new ArrayList<>();

	public List<String> getTrustedProxies() {
		return this.trustedProxies;
	}

	public void setTrustedProxies(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies;
	}

	@Override
	public boolean supports(Class<?> type) {
		return GrpcClientAddressProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		GrpcClientAddressProperties properties = (GrpcClientAddressProperties) target;
		try {
			new ClientAddressResolver(properties.getTrustedProxies());
		}
		catch (IllegalArgumentException ex) {
			errors.rejectValue("trustedProxies", "grpc.client-address.trusted-proxies.syntax",
					"grpc.client-address.trusted-proxies: " + ex.getMessage());
		}
	}

}
