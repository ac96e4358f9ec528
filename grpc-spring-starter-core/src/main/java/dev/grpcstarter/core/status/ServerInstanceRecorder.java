package dev.grpcstarter.core.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.grpcstarter.core.background.BackgroundScheduler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this instance's lifecycle to {@code grpc_server_instance}: STARTING, RUNNING (with
 * the bound port and the services), heartbeats on the shared {@link BackgroundScheduler}
 * from RUNNING to STOPPED, STOPPING, STOPPED, or ERROR. A database outage never stops the application: failed writes are logged (at most
 * every five minutes) and the next heartbeat writes the whole row again if it vanished.
 */
public final class ServerInstanceRecorder implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ServerInstanceRecorder.class);

	private static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(5);

	private final ServerInstanceStore store;

	private final InstanceIdentity identity;

	private final Duration heartbeatInterval;

	private final Clock clock;

	private final BackgroundScheduler scheduler;

	/**
	 * Held while the row is written: a heartbeat under way when heartbeats are cancelled
	 * must not write the row back over STOPPED.
	 */
	private final Object writes = new Object();

	private volatile ServerInstanceStore.@Nullable Row row;

	private volatile @Nullable ScheduledFuture<?> heartbeats;

	private volatile long lastWarnNanos = System.nanoTime() - WARN_INTERVAL_NANOS;

	/**
	 * A recorder.
	 * @param store the table
	 * @param identity this instance
	 * @param heartbeatInterval time between heartbeats, 1 s to 1 h
	 * @param clock the clock
	 * @param scheduler the scheduler of the heartbeats
	 */
	public ServerInstanceRecorder(ServerInstanceStore store, InstanceIdentity identity, Duration heartbeatInterval,
			Clock clock, BackgroundScheduler scheduler) {
		if (heartbeatInterval.compareTo(Duration.ofSeconds(1)) < 0
				|| heartbeatInterval.compareTo(Duration.ofHours(1)) > 0) {
			throw new IllegalArgumentException(
					"heartbeatInterval must be between 1s and 1h, was " + heartbeatInterval);
		}
		this.store = store;
		this.identity = identity;
		this.heartbeatInterval = heartbeatInterval;
		this.clock = clock;
		this.scheduler = scheduler;
	}

	/**
	 * The application starts; the server is not bound yet.
	 * @param address the configured address
	 * @param configuredPort the configured port
	 * @param configJson the configuration snapshot
	 */
	public void starting(@Nullable String address, int configuredPort, String configJson) {
		Instant now = this.clock.instant();
		write(new ServerInstanceStore.Row(this.identity.instanceId(), this.identity.hostname(), address,
				configuredPort, this.identity.pid(), InstanceStatus.STARTING, this.identity.startedAt(), now, null,
				null, null, configJson));
	}

	/**
	 * The server is bound and serving; heartbeats start (the scheduler must be running).
	 * @param address the bound address
	 * @param port the bound port
	 * @param servicesJson the registered services
	 */
	public void running(@Nullable String address, int port, String servicesJson) {
		ServerInstanceStore.Row previous = required();
		write(new ServerInstanceStore.Row(previous.instanceId(), previous.hostname(), address, port, previous.pid(),
				InstanceStatus.RUNNING, previous.startedAt(), this.clock.instant(), null, null, servicesJson,
				previous.configJson()));
		stopHeartbeats();
		this.heartbeats = this.scheduler.scheduleWithFixedDelay("grpc-server-heartbeat", this.heartbeatInterval,
				this.heartbeatInterval, this::heartbeat);
	}

	/** Graceful shutdown has begun. */
	public void stopping() {
		ServerInstanceStore.Row current = this.row;
		if (current != null && current.status() == InstanceStatus.RUNNING) {
			write(current.with(InstanceStatus.STOPPING, this.clock.instant()));
		}
	}

	/** Shutdown is done; heartbeats stop. */
	public void stopped() {
		stopHeartbeats();
		ServerInstanceStore.Row current = this.row;
		if (current != null && current.status() != InstanceStatus.ERROR && current.status() != InstanceStatus.STOPPED) {
			Instant now = this.clock.instant();
			write(new ServerInstanceStore.Row(current.instanceId(), current.hostname(), current.address(),
					current.port(), current.pid(), InstanceStatus.STOPPED, current.startedAt(), now, now, null,
					current.servicesJson(), current.configJson()));
		}
	}

	/**
	 * The server failed to start.
	 * @param message why
	 */
	public void failed(String message) {
		stopHeartbeats();
		ServerInstanceStore.Row current = this.row;
		if (current != null) {
			Instant now = this.clock.instant();
			write(new ServerInstanceStore.Row(current.instanceId(), current.hostname(), current.address(),
					current.port(), current.pid(), InstanceStatus.ERROR, current.startedAt(), now, now,
					(message.length() > 1000) ? message.substring(0, 1000) : message, current.servicesJson(),
					current.configJson()));
		}
	}

	/** @return the status last recorded, {@code null} before {@link #starting} */
	public @Nullable InstanceStatus status() {
		ServerInstanceStore.Row current = this.row;
		return (current != null) ? current.status() : null;
	}

	/** Writes one heartbeat now; re-inserts the row when it vanished. */
	public void heartbeat() {
		synchronized (this.writes) {
			ServerInstanceStore.Row current = this.row;
			if (current == null || current.status() == InstanceStatus.STOPPED
					|| current.status() == InstanceStatus.ERROR) {
				return;
			}
			Instant now = this.clock.instant();
			try {
				if (!this.store.heartbeat(current.instanceId(), now)) {
					logger.info("Server instance row {} vanished; writing it again", current.instanceId());
					this.store.save(current.with(current.status(), now));
				}
			}
			catch (RuntimeException ex) {
				warn("Server status: heartbeat failed, will retry: {}", ex.getMessage());
			}
		}
	}

	private void write(ServerInstanceStore.Row newRow) {
		synchronized (this.writes) {
			this.row = newRow;
			try {
				this.store.save(newRow);
			}
			catch (RuntimeException ex) {
				warn("Server status: could not record {}: {}", newRow.status(), ex.getMessage());
			}
		}
	}

	private ServerInstanceStore.Row required() {
		ServerInstanceStore.Row current = this.row;
		if (current == null) {
			throw new IllegalStateException("starting() was not recorded");
		}
		return current;
	}

	private void stopHeartbeats() {
		ScheduledFuture<?> heartbeats = this.heartbeats;
		this.heartbeats = null;
		if (heartbeats != null) {
			heartbeats.cancel(false);
		}
	}

	private void warn(String message, Object... arguments) {
		long now = System.nanoTime();
		if (now - this.lastWarnNanos >= WARN_INTERVAL_NANOS) {
			this.lastWarnNanos = now;
			logger.warn(message, arguments);
		}
	}

	/** Stops heartbeats without recording anything: a simulated crash in tests, or a forced stop. */
	@Override
	public void close() {
		stopHeartbeats();
	}

}
