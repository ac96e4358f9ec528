package dev.grpcstarter.core.call;

import java.util.concurrent.ThreadLocalRandom;

import io.grpc.Context;
import io.grpc.Metadata;
import org.jspecify.annotations.Nullable;

/**
 * What the pipeline knows about the call being served, available through the gRPC
 * {@link Context} on whatever thread runs the call. It is opened when the stream arrives
 * (by the request log's stream tracer or {@link RequestContextTracerFactory}); the
 * authentication step records the caller here, so the request log sees who called even
 * though the principal itself lives in an inner context.
 */
public final class RequestContext {

	/** Header and trailer carrying the request id. */
	public static final Metadata.Key<String> REQUEST_ID_KEY = Metadata.Key.of("x-request-id",
			Metadata.ASCII_STRING_MARSHALLER);

	static final Context.Key<RequestContext> CONTEXT_KEY = Context.key("grpcstarter-request");

	private static final int PIPELINE_NOT_ENTERED = 0;

	private static final int PIPELINE_OPEN = 1;

	private static final int PIPELINE_CLOSED = 2;

	private final String requestId;

	private final String fullMethodName;

	private volatile @Nullable String principal;

	private volatile @Nullable Long apiKeyId;

	private volatile @Nullable String traceId;

	private volatile @Nullable String spanId;

	private volatile @Nullable String authMechanism;

	private volatile boolean clientAddressResolved;

	private volatile @Nullable String clientAddress;

	private volatile int pipeline = PIPELINE_NOT_ENTERED;

	private volatile boolean malformedRequest;

	private volatile boolean malformedStandIn;

	private volatile boolean refusedBeforeAuthentication;

	private volatile long bridgedBytesIn;

	private volatile long bridgedBytesOut;

	RequestContext(String requestId, String fullMethodName) {
		this.requestId = requestId;
		this.fullMethodName = fullMethodName;
	}

	/**
	 * The context of a new call, with the request id the client sent when it is
	 * well-formed ({@code [A-Za-z0-9._:-]}, 8 to 64 characters), otherwise a new one. Ids
	 * from clients are kept so they can follow a request across services; anything else is
	 * replaced, which keeps log lines unforgeable.
	 * @param headers the call's headers
	 * @param fullMethodName the called method, {@code package.Service/Method}
	 * @return the context, not yet attached to a gRPC context
	 */
	public static RequestContext forCall(Metadata headers, String fullMethodName) {
		return new RequestContext(acceptOrCreate(headers.get(REQUEST_ID_KEY)), fullMethodName);
	}

	/**
	 * A gRPC context in which {@link #current()} returns this request context.
	 * @param parent the context to extend
	 * @return the new context
	 */
	public Context attachTo(Context parent) {
		return parent.withValue(CONTEXT_KEY, this);
	}

	/**
	 * Starts the context of a new call in the current gRPC context.
	 * @param requestId the call's request id
	 * @param fullMethodName the called method, {@code package.Service/Method}
	 * @return the gRPC context in which {@link #current()} returns the new request context
	 */
	public static Context start(String requestId, String fullMethodName) {
		return Context.current().withValue(CONTEXT_KEY, new RequestContext(requestId, fullMethodName));
	}

	/**
	 * The context of the current call.
	 * @return the context, or {@code null} outside a call served through the pipeline
	 */
	public static @Nullable RequestContext current() {
		return CONTEXT_KEY.get();
	}

	/**
	 * The request id of the current call.
	 * @return the id, or {@code null} outside a call served through the pipeline
	 */
	public static @Nullable String currentRequestId() {
		RequestContext context = current();
		return (context != null) ? context.requestId() : null;
	}

	/**
	 * A new request id, for a row that is not one call's (a request-log summary row).
	 * @return the id
	 */
	public static String newRequestId() {
		return acceptOrCreate(null);
	}

	/**
	 * The request id a call with the given {@code x-request-id} header gets: the offered id
	 * when it is well-formed, otherwise a new one. Web transports use it to know a call's id
	 * before they hand the call on.
	 * @param offered the header value, {@code null} when absent
	 * @return the id
	 */
	public static String requestIdFor(@Nullable String offered) {
		return acceptOrCreate(offered);
	}

	static String acceptOrCreate(@Nullable String offered) {
		if (offered != null && isAcceptedId(offered)) {
			return offered;
		}
		// Not a UUID from SecureRandom: ids need to be unique, not unguessable, and must
		// not contend on a shared entropy source on the call path.
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return Long.toHexString(random.nextLong() | Long.MIN_VALUE) + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
	}

	// A loop rather than a regular expression: no matcher allocated on every call.
	private static boolean isAcceptedId(String id) {
		int length = id.length();
		if (length < 8 || length > 64) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			char c = id.charAt(i);
			boolean accepted = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
					|| c == '_' || c == ':' || c == '-';
			if (!accepted) {
				return false;
			}
		}
		return true;
	}

	/** @return the id sent back in the {@code x-request-id} trailer and shown in the server log */
	public String requestId() {
		return this.requestId;
	}

	/** @return the called method, {@code package.Service/Method} */
	public String fullMethodName() {
		return this.fullMethodName;
	}

	/**
	 * Records who the call was authenticated as.
	 * @param principal the principal name
	 * @param apiKeyId the key used, {@code null} for the master key
	 */
	public void recordCaller(String principal, @Nullable Long apiKeyId) {
		this.apiKeyId = apiKeyId;
		this.principal = principal;
	}

	/**
	 * Records which mechanism authenticated the call.
	 * @param mechanism for example {@code api-key}, {@code bearer} or {@code x509}
	 */
	public void recordAuthMechanism(String mechanism) {
		this.authMechanism = mechanism;
	}

	/**
	 * Records the stored key a refused call presented (revoked, expired, owner refused).
	 * @param apiKeyId the key
	 */
	public void recordRejectedKey(long apiKeyId) {
		this.apiKeyId = apiKeyId;
	}

	/**
	 * Records that the call was refused before any caller was authenticated: no key where
	 * one is required, a key that is malformed, unknown, expired or revoked, an address
	 * throttled for failed attempts, or a method no service has (which never reaches
	 * authentication). Only such calls count against the request log's per-address budget of
	 * rejected rows; a call whose key was verified is always logged in full, also when it is
	 * then refused (scopes, rate limits, quota).
	 */
	public void recordRefusedBeforeAuthentication() {
		this.refusedBeforeAuthentication = true;
	}

	/** @return whether authentication refused the call before any caller was authenticated */
	public boolean isRefusedBeforeAuthentication() {
		return this.refusedBeforeAuthentication;
	}

	/**
	 * Records that the call entered the interceptors, whose outermost step reports when it
	 * closes the call ({@link #recordPipelineClosed()}).
	 */
	public void recordPipelineEntered() {
		this.pipeline = PIPELINE_OPEN;
	}

	/**
	 * Records that the interceptors handed the call's final status to the transport; called
	 * before the transport has it.
	 */
	public void recordPipelineClosed() {
		this.pipeline = PIPELINE_CLOSED;
	}

	/**
	 * Whether the call entered the interceptors and they have not closed it: a final status
	 * arriving now did not come from the service but from grpc-java or the transport.
	 * @return whether the call is open in the pipeline
	 */
	public boolean isOpenInPipeline() {
		return this.pipeline == PIPELINE_OPEN;
	}

	/**
	 * Records that a request message of the call could not be parsed: grpc-java has closed
	 * the call, and nothing it still delivers may reach the service.
	 */
	public void recordMalformedRequest() {
		this.malformedRequest = true;
	}

	/**
	 * Records that a request message of the call could not be parsed and a stand-in was
	 * handed on in its place: the call is still open, and the pipeline must close it.
	 */
	public void recordMalformedRequestStandIn() {
		this.malformedStandIn = true;
		this.malformedRequest = true;
	}

	/** @return whether the pipeline must close the call for a request message it could not parse */
	public boolean hasMalformedRequestStandIn() {
		return this.malformedStandIn;
	}

	/** @return whether a request message of the call could not be parsed */
	public boolean hasMalformedRequest() {
		return this.malformedRequest;
	}

	/**
	 * Counts a message of a call on the web bridge, whose in-process transport reports no
	 * sizes to stream tracers; only the call's own thread counts, one message at a time.
	 * @param inbound a request message rather than a response message
	 * @param bytes its serialized size
	 */
	public void recordBridgedMessage(boolean inbound, long bytes) {
		if (inbound) {
			this.bridgedBytesIn += bytes;
		}
		else {
			this.bridgedBytesOut += bytes;
		}
	}

	/** @return serialized bytes of request messages counted by the web bridge, 0 for native calls */
	public long bridgedBytesIn() {
		return this.bridgedBytesIn;
	}

	/** @return serialized bytes of response messages counted by the web bridge, 0 for native calls */
	public long bridgedBytesOut() {
		return this.bridgedBytesOut;
	}

	/** @return whether {@link ClientAddressResolver} has resolved this call's address yet */
	boolean isClientAddressResolved() {
		return this.clientAddressResolved;
	}

	/** @return the client address {@link ClientAddressResolver} resolved for this call */
	@Nullable String clientAddress() {
		return this.clientAddress;
	}

	void recordClientAddress(@Nullable String address) {
		this.clientAddress = address;
		this.clientAddressResolved = true;
	}

	/** @return the authenticated principal name, {@code null} for an anonymous or rejected call */
	public @Nullable String principal() {
		return this.principal;
	}

	/** @return the mechanism that authenticated the call, {@code null} for an anonymous or rejected call */
	public @Nullable String authMechanism() {
		return this.authMechanism;
	}

	/** @return the API key presented, {@code null} when none matched a stored key */
	public @Nullable Long apiKeyId() {
		return this.apiKeyId;
	}

	/**
	 * Records the trace and span the call's observation runs in, when tracing is on.
	 * @param traceId the trace id
	 * @param spanId the span id of the call's server span
	 */
	public void recordTrace(String traceId, String spanId) {
		this.traceId = traceId;
		this.spanId = spanId;
	}

	/** @return the call's trace id, {@code null} without tracing */
	public @Nullable String traceId() {
		return this.traceId;
	}

	/** @return the span id of the call's server span, {@code null} without tracing */
	public @Nullable String spanId() {
		return this.spanId;
	}

}
