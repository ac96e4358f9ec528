package dev.grpcstarter.benchmarks;

import dev.grpcstarter.benchmarks.v1.NewBook;
import dev.grpcstarter.benchmarks.v1.ValidatedServiceGrpc;
import io.grpc.stub.StreamObserver;
import org.springframework.grpc.server.service.GrpcService;

/**
 * The method whose request has validation rules: it echoes the book, so that a configuration
 * calling it differs from one calling {@link EchoService} only by the message and its rules.
 */
@GrpcService
public class BookEchoService extends ValidatedServiceGrpc.ValidatedServiceImplBase {

	@Override
	public void addBook(NewBook request, StreamObserver<NewBook> responses) {
		responses.onNext(request);
		responses.onCompleted();
	}

}
