package dev.grpcstarter.autoconfigure.error;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the client address of a call is found (request log, failed-attempt throttling).
 */
@ConfigurationProperties("grpc.client-address")
public class GrpcClientAddressProperties {

	/** Proxies (IP addresses or CIDR ranges) whose X-Forwarded-For header is believed; empty believes none. */
	private List<String> trustedProxies = new ArrayList<>();

	public List<String> getTrustedProxies() {
		return this.trustedProxies;
	}

	public void setTrustedProxies(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies;
	}

}
