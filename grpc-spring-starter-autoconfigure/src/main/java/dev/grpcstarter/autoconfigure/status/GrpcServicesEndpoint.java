package dev.grpcstarter.autoconfigure.status;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.grpcstarter.core.status.InstanceIdentity;
import dev.grpcstarter.core.status.RegisteredServicesJson;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

/**
 * The {@code grpc} Actuator endpoint: the services this server serves, with their methods
 * and call types.
 */
@Endpoint(id = "grpc")
public final class GrpcServicesEndpoint {

	private final GrpcServerLifecycle server;

	private final InstanceIdentity identity;

	/**
	 * An endpoint of a server.
	 * @param server Spring gRPC's server lifecycle
	 * @param identity this instance
	 */
	public GrpcServicesEndpoint(GrpcServerLifecycle server, InstanceIdentity identity) {
		this.server = server;
		this.identity = identity;
	}

	/**
	 * The served services.
	 * @return instance id, port and services
	 */
	@ReadOperation
	public Map<String, Object> services() {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("instanceId", this.identity.instanceId());
		result.put("port", this.server.getPort());
		result.put("services",
				RegisteredServicesJson.readServices(RegisteredServicesJson.services(this.identity.services())));
		return result;
	}

}
