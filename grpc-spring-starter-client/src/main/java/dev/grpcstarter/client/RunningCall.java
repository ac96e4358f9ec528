package dev.grpcstarter.client;

/**
 * A call started with {@link DynamicGrpcClient#start}, still running until its listener
 * hears the end.
 */
@FunctionalInterface
public interface RunningCall {

	/**
	 * Cancels the call: the server sees it cancelled, and the listener hears it end with
	 * {@code CANCELLED}. Nothing happens for a call that already ended.
	 */
	void cancel();

}
