package dev.grpcstarter.core.status;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.grpc.ServerServiceDefinition;

/**
 * Who this server instance is. The id joins the host name, the configured gRPC port, the
 * process id and the start time (in microseconds), so it is unique per process and per
 * application context, even with several instances on one host or behind one address. It
 * is fixed at creation: the port actually bound (which differs for port 0) is kept apart.
 */
public final class InstanceIdentity {

	private final String hostname;

	private final long pid;

	private final Instant startedAt;

	private final String instanceId;

	private volatile int boundPort;

	private volatile List<ServerServiceDefinition> services = List.of();

	/**
	 * The identity of this application, started now.
	 * @param configuredPort the configured gRPC port, 0 for a random one
	 */
	public InstanceIdentity(int configuredPort) {
		this(localHostname(), ProcessHandle.current().pid(), Instant.now(), configuredPort);
	}

	/**
	 * An identity with the given parts.
	 * @param hostname the host name
	 * @param pid the process id
	 * @param startedAt when the instance started
	 * @param configuredPort the configured gRPC port
	 */
	public InstanceIdentity(String hostname, long pid, Instant startedAt, int configuredPort) {
		this.hostname = hostname;
		this.pid = pid;
		this.startedAt = startedAt.truncatedTo(ChronoUnit.MICROS);
		long micros = ChronoUnit.MICROS.between(Instant.EPOCH, this.startedAt);
		this.instanceId = hostname + ":" + configuredPort + ":" + pid + ":" + micros;
	}

	/**
	 * Records what the gRPC server bound and serves.
	 * @param port the actual port
	 * @param services the services registered with the server
	 */
	public void bound(int port, List<ServerServiceDefinition> services) {
		this.boundPort = port;
		this.services = List.copyOf(services);
	}

	/** @return the services the server serves, empty before it started */
	public List<ServerServiceDefinition> services() {
		return this.services;
	}

	/** @return {@code host:configuredPort:pid:startMicros} */
	public String instanceId() {
		return this.instanceId;
	}

	public String hostname() {
		return this.hostname;
	}

	public long pid() {
		return this.pid;
	}

	/** @return the port actually bound, 0 before the server is bound */
	public int boundPort() {
		return this.boundPort;
	}

	public Instant startedAt() {
		return this.startedAt;
	}

	private static String localHostname() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "unknown-host";
		}
	}

}
