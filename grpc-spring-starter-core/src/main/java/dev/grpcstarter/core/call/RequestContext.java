package dev.grpcstarter.core.call;

import io.grpc.Context;
import io.grpc.Metadata;
import org.jspecify.annotations.Nullable;

/**
 * What the pipeline knows about the call being served, available through the gRPC
 * {@link Context} on whatever thread runs the call. The authentication step records the
 * caller here, so outer steps (the request log) see who called even though the principal
 * itself lives in an inner context.
 */
public final class RequestContext {

	/** Header and trailer carrying the request id. */
	public static final Metadata.Key<String> REQUEST_ID_KEY = Metadata.Key.of("x-request-id",
			Metadata.ASCII_STRING_MARSHALLER);

	static final Context.Key<RequestContext> CONTEXT_KEY = Context.key("grpcstarter-request");

	private final String requestId;

	private final String fullMethodName;

	private volatile @Nullable String principal;

	private volatile @Nullable Long apiKeyId;

	private volatile boolean clientAddressResolved;

	private volatile @Nullable String clientAddress;

	RequestContext(String requestId, String fullMethodName) {
		this.requestId = requestId;
		this.fullMethodName = fullMethodName;
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
	 * Records the stored key a refused call presented (revoked, expired, owner refused).
	 * @param apiKeyId the key
	 */
	public void recordRejectedKey(long apiKeyId) {
		this.apiKeyId = apiKeyId;
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

	/** @return the API key presented, {@code null} when none matched a stored key */
	public @Nullable Long apiKeyId() {
		return this.apiKeyId;
	}

}
