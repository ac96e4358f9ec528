package dev.grpcstarter.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.grpc.stub.StreamObserver;

/**
 * The response side of an asynchronous streaming call in a test: collects every response
 * and completes when the server completes the call, or fails with the call's error.
 *
 * @param <T> the response type
 */
public final class ResponseCollector<T> implements StreamObserver<T> {

	// gRPC calls onNext, onError and onCompleted of one call one at a time.
	private final List<T> responses = new ArrayList<>();

	private final CompletableFuture<List<T>> result = new CompletableFuture<>();

	@Override
	public void onNext(T response) {
		this.responses.add(response);
	}

	@Override
	public void onError(Throwable error) {
		this.result.completeExceptionally(error);
	}

	@Override
	public void onCompleted() {
		this.result.complete(List.copyOf(this.responses));
	}

	/**
	 * The responses once the call completes.
	 * @return a future of every response, in order
	 */
	public CompletableFuture<List<T>> result() {
		return this.result;
	}

	/**
	 * Waits up to ten seconds for the call to complete.
	 * @return every response, in order
	 * @throws Exception the call's error, or a timeout
	 */
	public List<T> await() throws Exception {
		return this.result.get(10, TimeUnit.SECONDS);
	}

}
