package dev.grpcstarter.it.secured;

import dev.grpcstarter.core.auth.PublicGrpcMethod;
import dev.grpcstarter.core.service.AuthRequiredService;
import dev.grpcstarter.test.v1.LockedServiceGrpc;
import dev.grpcstarter.test.v1.PingRequest;
import dev.grpcstarter.test.v1.Reply;
import io.grpc.stub.StreamObserver;
import org.springframework.grpc.server.service.GrpcService;

/**
 * The annotation is ignored: the service requires authentication on every method.
 */
@GrpcService
public class LockedGrpcService extends LockedServiceGrpc.LockedServiceImplBase implements AuthRequiredService {

	@Override
	@PublicGrpcMethod
	public void touch(PingRequest request, StreamObserver<Reply> responses) {
		responses.onNext(Reply.newBuilder().setText("touched by " + requireUser().name()).build());
		responses.onCompleted();
	}

}
