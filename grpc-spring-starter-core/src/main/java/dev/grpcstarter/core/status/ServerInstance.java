package dev.grpcstarter.core.status;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A server instance as stored, with the status shown to operators.
 *
 * @param instanceId the unique instance id
 * @param hostname the host name
 * @param address the bound address, when known
 * @param port the bound port (the configured one until bound)
 * @param pid the process id
 * @param storedStatus the status the instance last wrote
 * @param status the status shown: {@link InstanceStatus#UNRESPONSIVE} for a stale
 * starting or running instance, else the stored one
 * @param startedAt when the instance started
 * @param lastHeartbeat its last heartbeat
 * @param stoppedAt when it stopped
 * @param errorMessage why it failed to start
 * @param servicesJson the registered services, as JSON
 * @param configJson the configuration snapshot, as JSON
 */
public record ServerInstance(String instanceId, String hostname, @Nullable String address, int port, long pid,
		InstanceStatus storedStatus, InstanceStatus status, Instant startedAt, Instant lastHeartbeat,
		@Nullable Instant stoppedAt, @Nullable String errorMessage, @Nullable String servicesJson,
		@Nullable String configJson) {

	/** @return whether the instance counts as alive (starting or running, heartbeat fresh) */
	public boolean alive() {
		return this.status == InstanceStatus.STARTING || this.status == InstanceStatus.RUNNING;
	}

	/**
	 * How old the last heartbeat is.
	 * @param now the time now
	 * @return the age
	 */
	public Duration heartbeatAge(Instant now) {
		return Duration.between(this.lastHeartbeat, now);
	}

	/**
	 * How long the instance has been up.
	 * @param now the time now
	 * @return the uptime, up to its stop when stopped
	 */
	public Duration uptime(Instant now) {
		return Duration.between(this.startedAt, (this.stoppedAt != null) ? this.stoppedAt : now);
	}

}
