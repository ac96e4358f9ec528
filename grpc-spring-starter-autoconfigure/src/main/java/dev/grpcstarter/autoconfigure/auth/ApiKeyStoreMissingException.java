package dev.grpcstarter.autoconfigure.auth;

/**
 * Thrown when {@code grpc.auth.create-key.name} asks for a key and the application has no
 * API-key store: no {@code DataSource}, or no JPA or Flyway to hold the keys in it.
 */
final class ApiKeyStoreMissingException extends IllegalStateException {

	private final boolean dataSourcePresent;

	ApiKeyStoreMissingException(boolean dataSourcePresent) {
		super(dataSourcePresent
				? "grpc.auth.create-key.name is set, but API keys are not available: JPA (an EntityManagerFactory) or Flyway is missing"
				: "grpc.auth.create-key.name is set, but API keys are not available: the application has no DataSource");
		this.dataSourcePresent = dataSourcePresent;
	}

	boolean isDataSourcePresent() {
		return this.dataSourcePresent;
	}

}
