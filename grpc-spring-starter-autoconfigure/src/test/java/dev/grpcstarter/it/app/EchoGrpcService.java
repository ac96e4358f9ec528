package dev.grpcstarter.it.app;

import dev.grpcstarter.test.v1.EchoServiceGrpc;
import dev.grpcstarter.test.v1.PingRequest;
import dev.grpcstarter.test.v1.Reply;
import io.grpc.stub.StreamObserver;
import org.springframework.grpc.server.service.GrpcService;

@GrpcService
public class EchoGrpcService extends EchoServiceGrpc.EchoServiceImplBase {

	@Override
	public void echo(PingRequest request, StreamObserver<Reply> responses) {
		responses.onNext(Reply.newBuilder().setText(request.getText()).build());
		responses.onCompleted();
	}

}
