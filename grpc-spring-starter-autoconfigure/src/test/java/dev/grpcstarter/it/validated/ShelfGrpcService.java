package dev.grpcstarter.it.validated;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.grpcstarter.test.v1.PingRequest;
import dev.grpcstarter.test.v1.Shelf;
import dev.grpcstarter.test.v1.ShelfReply;
import dev.grpcstarter.test.v1.ShelfServiceGrpc;
import io.grpc.stub.StreamObserver;
import org.springframework.grpc.server.service.GrpcService;

/**
 * Echoes the names of the shelves it gets and counts every message that reached it, so
 * tests can tell that a refused message never did.
 */
@GrpcService
public class ShelfGrpcService extends ShelfServiceGrpc.ShelfServiceImplBase {

	/** Messages the service received, over all calls. */
	public static final AtomicInteger received = new AtomicInteger();

	/** Streams the service completed (saw their half-close). */
	public static final AtomicInteger completedStreams = new AtomicInteger();

	/** Streams the service saw fail or be cancelled. */
	public static final AtomicInteger failedStreams = new AtomicInteger();

	@Override
	public void put(Shelf request, StreamObserver<ShelfReply> responses) {
		received.incrementAndGet();
		responses.onNext(reply(List.of(request.getName())));
		responses.onCompleted();
	}

	@Override
	public void watch(Shelf request, StreamObserver<ShelfReply> responses) {
		received.incrementAndGet();
		responses.onNext(reply(List.of(request.getName())));
		responses.onNext(reply(List.of(request.getName())));
		responses.onCompleted();
	}

	@Override
	public StreamObserver<Shelf> upload(StreamObserver<ShelfReply> responses) {
		List<String> names = new ArrayList<>();
		return new StreamObserver<>() {

			@Override
			public void onNext(Shelf shelf) {
				received.incrementAndGet();
				names.add(shelf.getName());
			}

			@Override
			public void onError(Throwable error) {
				failedStreams.incrementAndGet();
			}

			@Override
			public void onCompleted() {
				completedStreams.incrementAndGet();
				responses.onNext(reply(names));
				responses.onCompleted();
			}

		};
	}

	@Override
	public StreamObserver<Shelf> exchange(StreamObserver<ShelfReply> responses) {
		return new StreamObserver<>() {

			@Override
			public void onNext(Shelf shelf) {
				received.incrementAndGet();
				responses.onNext(reply(List.of(shelf.getName())));
			}

			@Override
			public void onError(Throwable error) {
				failedStreams.incrementAndGet();
			}

			@Override
			public void onCompleted() {
				completedStreams.incrementAndGet();
				responses.onCompleted();
			}

		};
	}

	@Override
	public void plain(PingRequest request, StreamObserver<ShelfReply> responses) {
		received.incrementAndGet();
		responses.onNext(reply(List.of(request.getText())));
		responses.onCompleted();
	}

	private static ShelfReply reply(List<String> names) {
		return ShelfReply.newBuilder().setReceived(names.size()).addAllNames(names).build();
	}

}
