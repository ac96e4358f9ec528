package dev.grpcstarter.core.background;

/**
 * The {@link org.springframework.context.SmartLifecycle} phases of the starter's background
 * work, placed around the servers that take calls. Spring starts lifecycles lowest phase
 * first and stops them highest phase first, so work started in a lower phase than a server
 * is running before the server takes its first call, and stops only after the server has
 * stopped taking calls: the final flush of request-log rows and key usage then sees every
 * call, including those finished during the server's graceful shutdown.
 */
public final class BackgroundPhases {

	/** Spring gRPC's {@code GrpcServerLifecycle} (SmartLifecycle's default phase). */
	public static final int GRPC_SERVER = Integer.MAX_VALUE;

	/**
	 * Spring Boot's embedded web server ({@code WebServerStartStopLifecycle}): calls served
	 * over servlets leave rows behind too.
	 */
	public static final int WEB_SERVER = Integer.MAX_VALUE - 2048;

	/**
	 * The request log's summaries of rejected calls left out: written when the servers have
	 * stopped taking calls, while the request-log writer still runs.
	 */
	public static final int REQUEST_LOG_SUMMARIES = WEB_SERVER - 512;

	/**
	 * The request-log writer, the key-usage recorder, retention and purge: started before
	 * either server takes a call, stopped (with a final flush) after both stopped taking
	 * calls.
	 */
	public static final int WORK = WEB_SERVER - 1024;

	/** The shared {@link BackgroundScheduler}: started before and stopped after the work it runs. */
	public static final int SCHEDULER = WORK - 1024;

	private BackgroundPhases() {
	}

}
