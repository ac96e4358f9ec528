package dev.grpcstarter.autoconfigure.auth;

/**
 * Thrown at startup when {@code grpc.auth.master-key} is set while the {@code prod}
 * profile is active and {@code grpc.auth.master-key-allowed-in-prod} is not.
 */
final class MasterKeyInProductionException extends IllegalStateException {

	MasterKeyInProductionException() {
		super("grpc.auth.master-key is set while the 'prod' profile is active;"
				+ " remove it, or set grpc.auth.master-key-allowed-in-prod=true if you really mean it");
	}

}
