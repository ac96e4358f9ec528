package dev.grpcstarter.admin.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.grpcstarter.client.DynamicGrpcClient;
import dev.grpcstarter.client.DynamicInvocationException;
import dev.grpcstarter.client.InvocationListener;
import dev.grpcstarter.client.InvocationResult;
import dev.grpcstarter.client.RunningCall;
import dev.grpcstarter.client.ServiceDescription;
import dev.grpcstarter.core.requestlog.ExplorerCallTickets;
import dev.grpcstarter.core.status.InstanceIdentity;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

/**
 * The explorer's view of this application's own gRPC server: services described from the
 * server's definitions (local mode, no reflection needed), calls made over the loopback so
 * the whole pipeline (authentication, request log) applies to them. Each call carries a
 * one-time {@link ExplorerCallTickets ticket}, so its row in the request log names the admin
 * user who made it.
 */
public final class LocalExplorer implements AutoCloseable {

	private final ObjectProvider<GrpcServerLifecycle> server;

	private final ObjectProvider<InstanceIdentity> identity;

	private final ObjectProvider<ExplorerCallTickets> explorerCalls;

	private volatile @Nullable DynamicGrpcClient client;

	/**
	 * An explorer of this application's server.
	 * @param server the running gRPC server
	 * @param identity this instance, whose services are described
	 * @param explorerCalls issues the tickets that mark the explorer's calls in the request
	 * log; calls go unmarked without it (no request log)
	 */
	public LocalExplorer(ObjectProvider<GrpcServerLifecycle> server, ObjectProvider<InstanceIdentity> identity,
			ObjectProvider<ExplorerCallTickets> explorerCalls) {
		this.server = server;
		this.identity = identity;
		this.explorerCalls = explorerCalls;
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

	InvocationResult invoke(String service, String method, List<String> requests, Map<String, String> headers,
			String adminUser) {
		return client().invoke(service, method, requests, marked(headers, adminUser), Duration.ofSeconds(30));
	}

	RunningCall start(String service, String method, List<String> requests, Map<String, String> headers,
			Duration deadline, InvocationListener listener, String adminUser) {
		return client().start(service, method, requests, marked(headers, adminUser), deadline, listener);
	}

	/** The headers with a fresh ticket, replacing any ticket typed into the form. */
	Map<String, String> marked(Map<String, String> headers, String adminUser) {
		Map<String, String> marked = new LinkedHashMap<>();
		headers.forEach((name, value) -> {
			if (!ExplorerCallTickets.HEADER.name().equalsIgnoreCase(name)) {
				marked.put(name, value);
			}
		});
		ExplorerCallTickets tickets = this.explorerCalls.getIfAvailable();
		if (tickets != null) {
			marked.put(ExplorerCallTickets.HEADER.name(), tickets.issue(adminUser));
		}
		return marked;
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
