package dev.grpcstarter.autoconfigure.service;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Discovery of gRPC services.
 */
@ConfigurationProperties("grpc.services")
public class GrpcServicesProperties {

	/** Packages whose @GrpcService classes are registered and exposed; when set, services elsewhere are not exposed. */
	private List<String> packages = new ArrayList<>();

	/** Whether to scan grpc.services.packages and expose only their services. */
	private boolean autoRegister = true;

	public List<String> getPackages() {
		return this.packages;
	}

	public void setPackages(List<String> packages) {
		this.packages = packages;
	}

	public boolean isAutoRegister() {
		return this.autoRegister;
	}

	public void setAutoRegister(boolean autoRegister) {
		this.autoRegister = autoRegister;
	}

}
