package dev.grpcstarter.core.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The server instances sharing this database, with liveness: an instance is alive while it
 * is STARTING or RUNNING and its last heartbeat is younger than the liveness threshold
 * (missed heartbeats x interval); otherwise it is shown as UNRESPONSIVE. Optionally, an
 * instance on this host whose process no longer exists is unresponsive at once.
 */
public final class ServerInstanceService {

	private final ServerInstanceStore store;

	private final InstanceIdentity identity;

	private final Duration threshold;

	private final boolean checkLocalPid;

	private final Clock clock;

	/**
	 * A service.
	 * @param store the table
	 * @param identity this instance
	 * @param heartbeatInterval time between heartbeats
	 * @param missedHeartbeats heartbeats an instance may miss before it is unresponsive
	 * @param checkLocalPid whether to check the process id of instances on this host
	 * @param clock the clock
	 */
	public ServerInstanceService(ServerInstanceStore store, InstanceIdentity identity, Duration heartbeatInterval,
			int missedHeartbeats, boolean checkLocalPid, Clock clock) {
		if (missedHeartbeats < 1) {
			throw new IllegalArgumentException("missedHeartbeats must be at least 1");
		}
		this.store = store;
		this.identity = identity;
		this.threshold = heartbeatInterval.multipliedBy(missedHeartbeats);
		this.checkLocalPid = checkLocalPid;
		this.clock = clock;
	}

	/** @return this instance, once recorded */
	public Optional<ServerInstance> current() {
		return byId(this.identity.instanceId());
	}

	/** @return every instance, newest first */
	public List<ServerInstance> all() {
		Instant now = this.clock.instant();
		return this.store.findAll().stream().map((row) -> view(row, now)).toList();
	}

	/** @return the instances that count as alive */
	public List<ServerInstance> alive() {
		return all().stream().filter(ServerInstance::alive).toList();
	}

	/**
	 * One instance.
	 * @param instanceId its id
	 * @return the instance
	 */
	public Optional<ServerInstance> byId(String instanceId) {
		Instant now = this.clock.instant();
		return this.store.find(instanceId).map((row) -> view(row, now));
	}

	/**
	 * Deletes instances whose last sign of life is older than the given age. Alive
	 * instances are never deleted: the age must exceed the liveness threshold.
	 * @param age the age
	 * @return the number of rows deleted
	 */
	public int purgeOlderThan(Duration age) {
		if (age.compareTo(this.threshold) <= 0) {
			throw new IllegalArgumentException("age must be longer than the liveness threshold, heartbeat interval x missed heartbeats ("
					+ this.threshold + ")");
		}
		return this.store.purgeBefore(this.clock.instant().minus(age));
	}

	private ServerInstance view(ServerInstanceStore.Row row, Instant now) {
		InstanceStatus shown = row.status();
		if ((shown == InstanceStatus.STARTING || shown == InstanceStatus.RUNNING)
				&& (Duration.between(row.lastHeartbeat(), now).compareTo(this.threshold) > 0 || processGone(row))) {
			shown = InstanceStatus.UNRESPONSIVE;
		}
		return new ServerInstance(row.instanceId(), row.hostname(), row.address(), row.port(), row.pid(),
				row.status(), shown, row.startedAt(), row.lastHeartbeat(), row.stoppedAt(), row.errorMessage(),
				row.servicesJson(), row.configJson());
	}

	private boolean processGone(ServerInstanceStore.Row row) {
		return this.checkLocalPid && row.hostname().equals(this.identity.hostname())
				&& ProcessHandle.of(row.pid()).map((process) -> !process.isAlive()).orElse(true);
	}


}
