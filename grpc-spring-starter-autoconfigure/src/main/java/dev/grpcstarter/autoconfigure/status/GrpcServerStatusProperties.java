package dev.grpcstarter.autoconfigure.status;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * Server-instance status: lifecycle rows, heartbeats and liveness.
 *
 * <p>Checked when bound ({@link Validated}), by this class itself as a Spring
 * {@link Validator} rather than with Jakarta constraints: Spring Boot applies a
 * self-validating properties class without a Bean Validation provider on the class path
 * (the starter brings none), and the rules need the method-pattern syntax and more than
 * one property. A failure stops startup with a message naming the property.
 */
@ConfigurationProperties("grpc.server-status")
@Validated
public class GrpcServerStatusProperties implements Validator {

	private static final Duration SHORTEST_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);

	private static final Duration LONGEST_HEARTBEAT_INTERVAL = Duration.ofHours(1);

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

	@Override
	public boolean supports(Class<?> type) {
		return GrpcServerStatusProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		GrpcServerStatusProperties properties = (GrpcServerStatusProperties) target;
		Duration interval = properties.getHeartbeatInterval();
		if (interval.compareTo(SHORTEST_HEARTBEAT_INTERVAL) < 0 || interval.compareTo(LONGEST_HEARTBEAT_INTERVAL) > 0) {
			errors.rejectValue("heartbeatInterval", "grpc.server-status.heartbeat-interval.range",
					"grpc.server-status.heartbeat-interval must be between 1s and 1h, was " + interval);
		}
		if (properties.getMissedHeartbeats() < 1) {
			errors.rejectValue("missedHeartbeats", "grpc.server-status.missed-heartbeats.range",
					"grpc.server-status.missed-heartbeats must be at least 1, was " + properties.getMissedHeartbeats());
			return;
		}
		// Alive instances are never purged: the age must exceed the liveness threshold.
		Duration liveness = interval.multipliedBy(properties.getMissedHeartbeats());
		if (properties.getPurgeAfter().compareTo(liveness) <= 0) {
			errors.rejectValue("purgeAfter", "grpc.server-status.purge-after.range",
					"grpc.server-status.purge-after must be longer than heartbeat-interval x missed-heartbeats ("
							+ liveness + ")");
		}
	}

}
