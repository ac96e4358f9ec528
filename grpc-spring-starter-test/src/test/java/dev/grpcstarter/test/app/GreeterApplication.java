package dev.grpcstarter.test.app;

import dev.grpcstarter.core.auth.PublicGrpcMethod;
import dev.grpcstarter.core.service.BaseService;
import dev.grpcstarter.test.app.v1.GreeterServiceGrpc;
import dev.grpcstarter.test.app.v1.HelloReply;
import dev.grpcstarter.test.app.v1.HelloRequest;
import io.grpc.stub.StreamObserver;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.grpc.server.service.GrpcService;

/**
 * The application the test module's tests run: a greeter with a public method, a method
 * for any key and one for a permission.
 */
@SpringBootApplication
public class GreeterApplication {

	@GrpcService
	static class GreeterService extends GreeterServiceGrpc.GreeterServiceImplBase implements BaseService {

		@Override
		@PublicGrpcMethod
		public void hello(HelloRequest request, StreamObserver<HelloReply> responses) {
			reply(responses, "hello " + request.getName());
		}

		@Override
		public void whoAmI(HelloRequest request, StreamObserver<HelloReply> responses) {
			reply(responses, requireUser().name());
		}

		@Override
		public void audit(HelloRequest request, StreamObserver<HelloReply> responses) {
			requirePermission("audit:read");
			reply(responses, "audited");
		}

		private static void reply(StreamObserver<HelloReply> responses, String text) {
			responses.onNext(HelloReply.newBuilder().setText(text).build());
			responses.onCompleted();
		}

	}

}
