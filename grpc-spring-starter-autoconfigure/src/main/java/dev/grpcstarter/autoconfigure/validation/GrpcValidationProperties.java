package dev.grpcstarter.autoconfigure.validation;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Request validation with protovalidate.
 */
@ConfigurationProperties("grpc.validation")
public class GrpcValidationProperties {

	/** Whether request messages are checked against their buf.validate rules (needs build.buf:protovalidate). */
	private boolean enabled = true;

	/** Whether protovalidate evaluates its standard rules in Java instead of CEL (same results, much cheaper). */
	private boolean nativeRules = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isNativeRules() {
		return this.nativeRules;
	}

	public void setNativeRules(boolean nativeRules) {
		this.nativeRules = nativeRules;
	}

}
