package dev.grpcstarter.benchmarks;

/**
 * Where and how the load generator calls a server.
 *
 * @param port the native gRPC port
 * @param webPort the HTTP port of the web transports, -1 where there is none
 * @param call the method and transport
 * @param credentialHeader the header that carries the credential ({@code x-api-key} or
 * {@code authorization})
 * @param credential its value: the server's key, a bearer token, or where the server checks
 * nothing a key-shaped value all the same, so every configuration receives the very same
 * requests and the ratios show the servers' costs only
 */
record Target(int port, int webPort, Configurations.Call call, String credentialHeader, String credential) {

	static Target of(String configuration, ServerProcess server) {
		Configurations.Call call = Configurations.call(configuration);
		if (call.web() && server.webPort() < 0) {
			throw new IllegalStateException(configuration + " printed no web port");
		}
		if (call == Configurations.Call.GRPC_BEARER) {
			String token = server.bearerToken();
			if (token == null) {
				throw new IllegalStateException(configuration + " printed no bearer token");
			}
			return new Target(server.port(), server.webPort(), call, "authorization", "Bearer " + token);
		}
		String key = server.apiKey();
		return new Target(server.port(), server.webPort(), call, "x-api-key",
				(key != null) ? key : LoadGenerator.UNCHECKED_KEY);
	}

}
