package dev.grpcstarter.benchmarks;

import dev.grpcstarter.benchmarks.v1.BenchServiceGrpc;
import dev.grpcstarter.benchmarks.v1.Payload;
import dev.grpcstarter.benchmarks.v1.StreamRequest;
import io.grpc.stub.StreamObserver;
import org.springframework.grpc.server.service.GrpcService;

/**
 * The trivial service every configuration serves.
 */
@GrpcService
public class EchoService extends BenchServiceGrpc.BenchServiceImplBase {

	@Override
	public void unary(Payload request, StreamObserver<Payload> responses) {
		responses.onNext(request);
		responses.onCompleted();
	}

	@Override
	public void stream(StreamRequest request, StreamObserver<Payload> responses) {
		for (int i = 0; i < request.getCount(); i++) {
			responses.onNext(request.getPayload());
		}
		responses.onCompleted();
	}

}
