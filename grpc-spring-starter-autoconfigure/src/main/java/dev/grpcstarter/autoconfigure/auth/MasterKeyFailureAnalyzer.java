package dev.grpcstarter.autoconfigure.auth;

import java.util.List;
import java.util.stream.Collectors;

import dev.grpcstarter.core.auth.MasterKey;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.validation.ObjectError;

/**
 * Reports a master key that is refused at startup (too short, characters a key cannot hold,
 * or set under the {@code prod} profile) in Spring Boot's "APPLICATION FAILED TO START"
 * form, never showing the key itself.
 */
final class MasterKeyFailureAnalyzer implements FailureAnalyzer, Ordered {

	private static final String ERROR_CODE_PREFIX = "grpc.auth.master-key.";

	private static final String GENERATE = "Generate one with: openssl rand -base64 33 (44 characters),"
			+ " and pass it from the environment (GRPC_AUTH_MASTER_KEY) rather than from a file under version control.";

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			FailureAnalysis analysis = analyzeCause(cause);
			if (analysis != null) {
				return analysis;
			}
		}
		return null;
	}

	private static @Nullable FailureAnalysis analyzeCause(Throwable cause) {
		if (cause instanceof MasterKeyInProductionException) {
			return new FailureAnalysis(
					"grpc.auth.master-key is set while the 'prod' profile is active. Any caller holding the master"
							+ " key acts as superuser, so it is refused in production by default.",
					"Remove grpc.auth.master-key from the production configuration and use API keys. If internal"
							+ " callers really need it, set grpc.auth.master-key-allowed-in-prod=true.",
					cause);
		}
		if (cause instanceof BindValidationException validation) {
			List<ObjectError> errors = validation.getValidationErrors()
				.getAllErrors()
				.stream()
				.filter(MasterKeyFailureAnalyzer::isMasterKeyError)
				.toList();
			if (errors.isEmpty()) {
				return null;
			}
			String reasons = errors.stream()
				.map(ObjectError::getDefaultMessage)
				.collect(Collectors.joining("; "));
			return new FailureAnalysis("The gRPC master key is refused: " + reasons + ".",
					"Set grpc.auth.master-key to at least " + MasterKey.MIN_LENGTH
							+ " visible ASCII characters without spaces, or remove it to use API keys only. "
							+ GENERATE,
					cause);
		}
		return null;
	}

	private static boolean isMasterKeyError(ObjectError error) {
		String code = error.getCode();
		return code != null && code.startsWith(ERROR_CODE_PREFIX);
	}

	/** Before Spring Boot's analyzer of binding failures, which would not say what to do. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

}
