package dev.grpcstarter.client;

/**
 * Hears a call started with {@link DynamicGrpcClient#start}: each response as it arrives,
 * then the end. Called on gRPC's threads, one call at a time.
 */
public interface InvocationListener {

	/**
	 * A response arrived.
	 * @param json the response as JSON
	 */
	void onResponse(String json);

	/**
	 * The call ended, in any way: OK, an error, its deadline or {@link RunningCall#cancel()}.
	 * @param result how it ended, with every response, the headers and the trailers
	 */
	void onEnd(InvocationResult result);

}
