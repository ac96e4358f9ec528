package dev.grpcstarter.autoconfigure.status;

import dev.grpcstarter.core.status.InstanceIdentity;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

/**
 * Health of the gRPC server: {@code UP} while it runs, {@code DOWN} otherwise, with its port
 * and this instance's id.
 */
public final class GrpcServerHealthIndicator extends AbstractHealthIndicator {

	private final GrpcServerLifecycle server;

	private final InstanceIdentity identity;

	/**
	 * An indicator of a server.
	 * @param server Spring gRPC's server lifecycle
	 * @param identity this instance
	 */
	public GrpcServerHealthIndicator(GrpcServerLifecycle server, InstanceIdentity identity) {
		super("gRPC server health check failed");
		this.server = server;
		this.identity = identity;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		if (this.server.isRunning()) {
			builder.up();
		}
		else {
			builder.down();
		}
		builder.withDetail("port", this.server.getPort()).withDetail("instanceId", this.identity.instanceId());
	}

}
