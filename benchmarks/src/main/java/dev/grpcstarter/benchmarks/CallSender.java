package dev.grpcstarter.benchmarks;

/**
 * Starts calls on a server, whatever the transport: the load generators decide when, a
 * sender only how.
 */
interface CallSender extends AutoCloseable {

	/**
	 * Starts one call.
	 * @param done told once, when the call has ended
	 */
	void send(Done done);

	@Override
	void close() throws InterruptedException;

	/**
	 * Opens the connections of a run.
	 * @param target the server
	 * @param settings the load's settings (connections, payload, stream length)
	 * @return the sender
	 */
	static CallSender open(Target target, LoadGenerator.Settings settings) {
		return target.call().web() ? new HttpCalls(target, settings) : new GrpcCalls(target, settings);
	}

	/** Told when a call ends. */
	@FunctionalInterface
	interface Done {

		/**
		 * @param ok whether the call succeeded
		 */
		void ended(boolean ok);

	}

}
