package dev.grpcstarter.autoconfigure.status;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Server-instance status: lifecycle rows, heartbeats and liveness.
 */
@ConfigurationProperties("grpc.server-status")
public class GrpcServerStatusProperties {

	/** Whether this instance records its status in the database. */
	private boolean enabled = true;

	/** Time between heartbeats, 1s to 1h. */
	private Duration heartbeatInterval = Duration.ofSeconds(30);

	/** Heartbeats an instance may miss before it is shown as unresponsive. */
	private int missedHeartbeats = 3;

	/** Age after which stopped, failed and unresponsive instances are deleted. */
	private Duration purgeAfter = Duration.ofDays(7);

	/** How often old instances are deleted. */
	private Duration purgeInterval = Duration.ofHours(1);

	/** Whether instances on this host whose process is gone count as unresponsive at once (for development). */
	private boolean checkLocalPid = false;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getHeartbeatInterval() {
		return this.heartbeatInterval;
	}

	public void setHeartbeatInterval(Duration heartbeatInterval) {
		this.heartbeatInterval = heartbeatInterval;
	}

	public int getMissedHeartbeats() {
		return this.missedHeartbeats;
	}

	public void setMissedHeartbeats(int missedHeartbeats) {
		this.missedHeartbeats = missedHeartbeats;
	}

	public Duration getPurgeAfter() {
		return this.purgeAfter;
	}

	public void setPurgeAfter(Duration purgeAfter) {
		this.purgeAfter = purgeAfter;
	}

	public Duration getPurgeInterval() {
		return this.purgeInterval;
	}

	public void setPurgeInterval(Duration purgeInterval) {
		this.purgeInterval = purgeInterval;
	}

	public boolean isCheckLocalPid() {
		return this.checkLocalPid;
	}

	public void setCheckLocalPid(boolean checkLocalPid) {
		this.checkLocalPid = checkLocalPid;
	}

}
