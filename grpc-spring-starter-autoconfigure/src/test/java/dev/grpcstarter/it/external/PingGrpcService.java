package dev.grpcstarter.it.external;

import dev.grpcstarter.test.v1.PingRequest;
import dev.grpcstarter.test.v1.PingServiceGrpc;
import dev.grpcstarter.test.v1.Reply;
import io.grpc.stub.StreamObserver;
import org.springframework.grpc.server.service.GrpcService;

/**
 * Lies outside the test application's component scan: only grpc.services.packages finds it.
 */
@GrpcService
public class PingGrpcService extends PingServiceGrpc.PingServiceImplBase {

	@Override
	public void ping(PingRequest request, StreamObserver<Reply> responses) {
		responses.onNext(Reply.newBuilder().setText("pong " + request.getText()).build());
		responses.onCompleted();
	}

}
