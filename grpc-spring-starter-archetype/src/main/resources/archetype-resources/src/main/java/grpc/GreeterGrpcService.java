package ${package}.grpc;

import ${package}.v1.GreeterServiceGrpc;
import ${package}.v1.HelloReply;
import ${package}.v1.HelloRequest;
import ${package}.v1.WhoAmIReply;
import ${package}.v1.WhoAmIRequest;
import dev.grpcstarter.core.auth.PublicGrpcMethod;
import dev.grpcstarter.core.call.GrpcPrincipal;
import dev.grpcstarter.core.service.BaseService;
import io.grpc.stub.StreamObserver;
import org.springframework.grpc.server.service.GrpcService;

/**
 * The greeter: SayHello is public, WhoAmI needs an API key.
 */
@GrpcService
public class GreeterGrpcService extends GreeterServiceGrpc.GreeterServiceImplBase implements BaseService {

	@Override
	@PublicGrpcMethod
	public void sayHello(HelloRequest request, StreamObserver<HelloReply> responses) {
		if (request.getName().isBlank()) {
			throw abortInvalidArgument("name must not be blank");
		}
		responses.onNext(HelloReply.newBuilder().setMessage("Hello, " + request.getName() + "!").build());
		responses.onCompleted();
	}

	@Override
	public void whoAmI(WhoAmIRequest request, StreamObserver<WhoAmIReply> responses) {
		GrpcPrincipal principal = requireUser();
		responses.onNext(WhoAmIReply.newBuilder()
			.setName(principal.getName())
			.addAllAuthorities(principal.authorities())
			.build());
		responses.onCompleted();
	}

}
