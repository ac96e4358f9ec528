package dev.grpcstarter.core.status;

/**
 * The state of a server instance. {@link #UNRESPONSIVE} is never stored: it is what a
 * STARTING or RUNNING instance is shown as when its heartbeat is too old.
 */
public enum InstanceStatus {

	/** The application is starting; the server is not bound yet. */
	STARTING,

	/** The server is bound and serving. */
	RUNNING,

	/** Graceful shutdown has begun. */
	STOPPING,

	/** Shut down. */
	STOPPED,

	/** The server failed to start. */
	ERROR,

	/** Claims to be starting or running, but its heartbeat stopped. */
	UNRESPONSIVE

}
