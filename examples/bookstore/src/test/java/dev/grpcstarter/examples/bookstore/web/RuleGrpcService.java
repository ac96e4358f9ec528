package dev.grpcstarter.examples.bookstore.web;

import dev.grpcstarter.core.auth.PublicGrpcMethod;
import dev.grpcstarter.examples.bookstore.web.rules.v1.CountReply;
import dev.grpcstarter.examples.bookstore.web.rules.v1.CountRequest;
import dev.grpcstarter.examples.bookstore.web.rules.v1.EchoReply;
import dev.grpcstarter.examples.bookstore.web.rules.v1.EchoRequest;
import dev.grpcstarter.examples.bookstore.web.rules.v1.RuleServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.springframework.grpc.server.service.GrpcService;

/** Echoes what the transcoder made of a request, and counts for streaming tests. */
@GrpcService
public class RuleGrpcService extends RuleServiceGrpc.RuleServiceImplBase {

	@Override
	@PublicGrpcMethod
	public void echo(EchoRequest request, StreamObserver<EchoReply> responses) {
		responses.onNext(EchoReply.newBuilder().setEchoed(request).addAllTags(request.getTagsList()).build());
		responses.onCompleted();
	}

	@Override
	@PublicGrpcMethod
	public void echoTags(EchoRequest request, StreamObserver<EchoReply> responses) {
		echo(request, responses);
	}

	@Override
	@PublicGrpcMethod
	public void count(CountRequest request, StreamObserver<CountReply> responses) {
		for (int n = 1; n <= request.getTo(); n++) {
			if (request.getFailAfter() > 0 && n > request.getFailAfter()) {
				responses.onError(Status.OUT_OF_RANGE.withDescription("stopped after " + request.getFailAfter())
					.asRuntimeException());
				return;
			}
			responses.onNext(CountReply.newBuilder().setN(n).build());
		}
		responses.onCompleted();
	}

}
