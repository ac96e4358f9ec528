package dev.grpcstarter.autoconfigure.validation;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Request validation with protovalidate.
 */
@ConfigurationProperties("grpc.validation")
public class GrpcValidationProperties {

	/** Whether request messages are checked against their buf.validate rules (needs build.buf:protovalidate). */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
