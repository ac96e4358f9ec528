package dev.grpcstarter.adminexplorer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.grpcstarter.adminexplorer.v1.CountReply;
import dev.grpcstarter.adminexplorer.v1.CountRequest;
import dev.grpcstarter.adminexplorer.v1.EchoReply;
import dev.grpcstarter.adminexplorer.v1.EchoRequest;
import dev.grpcstarter.adminexplorer.v1.EchoServiceGrpc;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.springframework.grpc.server.service.GrpcService;

/**
 * The explorer tests' service: echoes requests, and counts on a stream that the test can
 * see cancelled by the caller.
 */
@GrpcService
public class EchoGrpcService extends EchoServiceGrpc.EchoServiceImplBase {

	private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();

	private final AtomicReference<CompletableFuture<Integer>> cancelled = new AtomicReference<>(
			new CompletableFuture<>());

	/**
	 * Completes with the number of replies sent when a caller cancels a Count stream.
	 * @return the future of the next cancellation
	 */
	public CompletableFuture<Integer> cancellation() {
		return this.cancelled.get();
	}

	/** Forgets an earlier cancellation. */
	public void resetCancellation() {
		this.cancelled.set(new CompletableFuture<>());
	}

	@Override
	public void echo(EchoRequest request, StreamObserver<EchoReply> responses) {
		responses.onNext(EchoReply.newBuilder().setEchoed(request).build());
		responses.onCompleted();
	}

	@Override
	public void count(CountRequest request, StreamObserver<CountReply> responses) {
		ServerCallStreamObserver<CountReply> call = (ServerCallStreamObserver<CountReply>) responses;
		AtomicInteger sent = new AtomicInteger();
		AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
		CompletableFuture<Integer> cancellation = this.cancelled.get();
		call.setOnCancelHandler(() -> {
			ScheduledFuture<?> running = task.get();
			if (running != null) {
				running.cancel(false);
			}
			cancellation.complete(sent.get());
		});
		long interval = Math.max(1, request.getIntervalMillis());
		task.set(this.ticks.scheduleAtFixedRate(() -> {
			if (call.isCancelled() || (request.getTo() > 0 && sent.get() >= request.getTo())) {
				return;
			}
			int n = sent.incrementAndGet();
			call.onNext(CountReply.newBuilder().setN(n).build());
			if (request.getTo() > 0 && n >= request.getTo()) {
				call.onCompleted();
			}
		}, interval, interval, TimeUnit.MILLISECONDS));
	}

}
