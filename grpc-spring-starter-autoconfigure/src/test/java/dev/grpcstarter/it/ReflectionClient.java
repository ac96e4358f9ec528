package dev.grpcstarter.it;

import java.util.List;

import io.grpc.Channel;
import io.grpc.reflection.v1.ListServiceResponse;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;

/**
 * Lists a server's services through reflection v1 or v1alpha, as grpcurl would.
 */
final class ReflectionClient {

	private ReflectionClient() {
	}

	static List<String> listServicesV1(Channel channel) throws Exception {
		ResponseCollector<ServerReflectionResponse> responses = new ResponseCollector<>();
		StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
			.serverReflectionInfo(responses);
		requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
		requests.onCompleted();
		ListServiceResponse list = responses.await().get(0).getListServicesResponse();
		return list.getServiceList().stream().map(ServiceResponse::getName).sorted().toList();
	}

	@SuppressWarnings("deprecation")
	static List<String> listServicesV1Alpha(Channel channel) throws Exception {
		ResponseCollector<io.grpc.reflection.v1alpha.ServerReflectionResponse> responses = new ResponseCollector<>();
		StreamObserver<io.grpc.reflection.v1alpha.ServerReflectionRequest> requests = io.grpc.reflection.v1alpha.ServerReflectionGrpc
			.newStub(channel)
			.serverReflectionInfo(responses);
		requests.onNext(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder().setListServices("").build());
		requests.onCompleted();
		return responses.await()
			.get(0)
			.getListServicesResponse()
			.getServiceList()
			.stream()
			.map(io.grpc.reflection.v1alpha.ServiceResponse::getName)
			.sorted()
			.toList();
	}

}
