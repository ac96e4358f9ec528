package dev.grpcstarter.admin.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.grpcstarter.client.DynamicGrpcClient;
import dev.grpcstarter.client.DynamicInvocationException;
import dev.grpcstarter.client.InvocationListener;
import dev.grpcstarter.client.InvocationResult;
import dev.grpcstarter.client.RunningCall;
import dev.grpcstarter.client.ServiceDescription;
import dev.grpcstarter.core.status.InstanceIdentity;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

/**
 * The explorer's view of this application's own gRPC server: services described from the
 * server's definitions (local mode, no reflection needed), calls made over the loopback so
 * the whole pipeline (authentication, request log) applies to them.
 */
public final class LocalExplorer implements AutoCloseable {

	private final ObjectProvider<GrpcServerLifecycle> server;

	private final ObjectProvider<InstanceIdentity> identity;

	private volatile @Nullable DynamicGrpcClient client;

	public LocalExplorer(ObjectProvider<GrpcServerLifecycle> server, ObjectProvider<InstanceIdentity> identity) {
		this.server = server;
		this.identity = identity;
	}

	/** @return the port of this application's gRPC server, 0 while it is not running */
	int port() {
		GrpcServerLifecycle lifecycle = this.server.getIfAvailable();
		return (lifecycle != null) ? Math.max(lifecycle.getPort(), 0) : 0;
	}

	List<String> services() {
		return client().listServices();
	}

	ServiceDescription describe(String service) {
		return client().describe(service);
	}

	String template(String service, String method) {
		return client().requestTemplate(service, method);
	}

	InvocationResult invoke(String service, String method, List<String> requests, Map<String, String> headers) {
		return client().invoke(service, method, requests, headers, Duration.ofSeconds(30));
	}

	RunningCall start(String service, String method, List<String> requests, Map<String, String> headers,
			Duration deadline, InvocationListener listener) {
		return client().start(service, method, requests, headers, deadline, listener);
	}

	private DynamicGrpcClient client() {
		DynamicGrpcClient current = this.client;
		if (current == null) {
			synchronized (this) {
				current = this.client;
				if (current == null) {
					GrpcServerLifecycle lifecycle = this.server.getIfAvailable();
					InstanceIdentity instance = this.identity.getIfAvailable();
					if (lifecycle == null || instance == null || lifecycle.getPort() <= 0) {
						throw new DynamicInvocationException("the gRPC server of this application is not running");
					}
					current = DynamicGrpcClient.forTarget("127.0.0.1:" + lifecycle.getPort())
						.plaintext()
						.localServices(instance::services)
						.build();
					this.client = current;
				}
			}
		}
		return current;
	}

	@Override
	public void close() {
		DynamicGrpcClient current = this.client;
		if (current != null) {
			current.close();
		}
	}

}
