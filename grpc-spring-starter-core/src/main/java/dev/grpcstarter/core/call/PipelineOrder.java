package dev.grpcstarter.core.call;

/**
 * The fixed order of the starter's global server interceptors. A lower value is further
 * out: it sees a call first and its final status last.
 *
 * <p>Spring gRPC's exception-handler interceptor has order {@value #EXCEPTION_HANDLER};
 * everything that must see the status the service's answer ends with sits below it. The
 * request log is no interceptor: it is a stream tracer on the server, which also sees the
 * calls the transport closes below every interceptor.
 */
public final class PipelineOrder {

	/** Adds the request id to the trailers of every failed call. */
	public static final int REQUEST_ID = -2000;

	/** Spring gRPC's exception-handler interceptor, where the error mapping plugs in. */
	public static final int EXCEPTION_HANDLER = 1;

	/**
	 * Records the call's trace and span for the request log; inside Spring Boot's
	 * observation interceptor (order 0), which opens the call's span around the inner
	 * interceptors, and outside authentication, so refused calls carry their trace too.
	 */
	public static final int TRACE_CORRELATION = 50;

	/** Authenticates the caller; inside the error mapping so its failures are mapped too. */
	public static final int AUTHENTICATION = 100;

	/**
	 * Checks request messages against their {@code buf.validate} rules: after
	 * authentication and rate limits, so that callers without a key cannot probe the rules
	 * and invalid requests count against limits; before the read-only transaction, so that a
	 * refused request opens none.
	 */
	public static final int VALIDATION = 150;

	/** Runs methods of read-only services in read-only transactions, for authenticated calls. */
	public static final int READ_ONLY_TRANSACTION = 200;

	private PipelineOrder() {
	}

}
