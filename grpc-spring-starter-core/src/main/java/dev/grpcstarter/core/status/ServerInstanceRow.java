package dev.grpcstarter.core.status;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.jspecify.annotations.Nullable;

/**
 * A row of {@code grpc_server_instance} for reading with JPA
 * ({@link ServerInstanceRepository}). Read-only: each instance writes its own row through
 * {@link ServerInstanceStore}. The status is the one last stored; whether an instance whose
 * heartbeat stopped is still alive is {@link ServerInstanceService}'s judgement
 * ({@link InstanceStatus#UNRESPONSIVE} is never stored).
 */
@Entity
@Immutable
@Table(name = "grpc_server_instance")
public class ServerInstanceRow {

	@Id
	@Column(name = "id")
	private long id;

	@Column(name = "instance_id", nullable = false, length = 200, unique = true)
	private String instanceId;

	@Column(name = "hostname", nullable = false, length = 255)
	private String hostname;

	@Column(name = "address", length = 255)
	private @Nullable String address;

	@Column(name = "port", nullable = false)
	private int port;

	@Column(name = "pid", nullable = false)
	private long pid;

	@Enumerated(EnumType.STRING)
	@Column(name = "status", nullable = false, length = 16)
	private InstanceStatus status;

	@Column(name = "started_at", nullable = false)
	private Instant startedAt;

	@Column(name = "last_heartbeat", nullable = false)
	private Instant lastHeartbeat;

	@Column(name = "stopped_at")
	private @Nullable Instant stoppedAt;

	@Column(name = "error_message", length = 1000)
	private @Nullable String errorMessage;

	@Column(name = "services", columnDefinition = "text")
	private @Nullable String servicesJson;

	@Column(name = "config", columnDefinition = "text")
	private @Nullable String configJson;

	@SuppressWarnings("NullAway.Init")
	protected ServerInstanceRow() {
		// for JPA
	}

	/** @return the row id */
	public long getId() {
		return this.id;
	}

	/** @return the unique instance id */
	public String getInstanceId() {
		return this.instanceId;
	}

	/** @return the host name */
	public String getHostname() {
		return this.hostname;
	}

	/** @return the bound address, when known */
	public @Nullable String getAddress() {
		return this.address;
	}

	/** @return the bound port (the configured one until bound) */
	public int getPort() {
		return this.port;
	}

	/** @return the process id */
	public long getPid() {
		return this.pid;
	}

	/** @return the status the instance last stored */
	public InstanceStatus getStatus() {
		return this.status;
	}

	/** @return when the instance started */
	public Instant getStartedAt() {
		return this.startedAt;
	}

	/** @return its last heartbeat */
	public Instant getLastHeartbeat() {
		return this.lastHeartbeat;
	}

	/** @return when it stopped */
	public @Nullable Instant getStoppedAt() {
		return this.stoppedAt;
	}

	/** @return why it failed to start */
	public @Nullable String getErrorMessage() {
		return this.errorMessage;
	}

	/** @return the registered services, as JSON */
	public @Nullable String getServicesJson() {
		return this.servicesJson;
	}

	/** @return the configuration snapshot, as JSON */
	public @Nullable String getConfigJson() {
		return this.configJson;
	}

	@Override
	public String toString() {
		return "ServerInstanceRow[" + this.instanceId + ", " + this.status + "]";
	}

}
