package dev.grpcstarter.it;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Helpers for calls with an API key.
 */
public final class ApiKeyCalls {

	private static final Metadata.Key<String> API_KEY = Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);

	private ApiKeyCalls() {
	}

	/**
	 * The stub sending the key on every call.
	 * @param <S> the stub type
	 * @param stub the stub
	 * @param key the key
	 * @return the stub with the key
	 */
	public static <S extends AbstractStub<S>> S withKey(S stub, String key) {
		Metadata headers = new Metadata();
		headers.put(API_KEY, key);
		return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
	}

	/**
	 * The stub sending the key header once per given value, in order.
	 * @param <S> the stub type
	 * @param stub the stub
	 * @param keys the header values
	 * @return the stub with the headers
	 */
	public static <S extends AbstractStub<S>> S withKeys(S stub, String... keys) {
		Metadata headers = new Metadata();
		for (String key : keys) {
			headers.put(API_KEY, key);
		}
		return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
	}

	/**
	 * Asserts that a call fails with the given code and description.
	 * @param call the call
	 * @param code the expected code
	 * @param description the expected description
	 */
	public static void assertFails(ThrowingCallable call, Status.Code code, String description) {
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, call);
		assertThat(failure).as("call should fail with " + code).isNotNull();
		assertThat(failure.getStatus().getCode()).isEqualTo(code);
		assertThat(failure.getStatus().getDescription()).isEqualTo(description);
	}

}
