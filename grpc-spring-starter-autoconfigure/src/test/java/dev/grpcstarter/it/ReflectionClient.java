package dev.grpcstarter.it;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
		CompletableFuture<List<String>> names = new CompletableFuture<>();
		StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
			.serverReflectionInfo(new StreamObserver<>() {
				@Override
				public void onNext(ServerReflectionResponse response) {
					ListServiceResponse list = response.getListServicesResponse();
					names.complete(list.getServiceList().stream().map(ServiceResponse::getName).sorted().toList());
				}

				@Override
				public void onError(Throwable error) {
					names.completeExceptionally(error);
				}

				@Override
				public void onCompleted() {
				}
			});
		requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
		requests.onCompleted();
		return names.get(10, TimeUnit.SECONDS);
	}

	@SuppressWarnings("deprecation")
	static List<String> listServicesV1Alpha(Channel channel) throws Exception {
		CompletableFuture<List<String>> names = new CompletableFuture<>();
		StreamObserver<io.grpc.reflection.v1alpha.ServerReflectionRequest> requests = io.grpc.reflection.v1alpha.ServerReflectionGrpc
			.newStub(channel)
			.serverReflectionInfo(new StreamObserver<>() {
				@Override
				public void onNext(io.grpc.reflection.v1alpha.ServerReflectionResponse response) {
					names.complete(response.getListServicesResponse()
						.getServiceList()
						.stream()
						.map(io.grpc.reflection.v1alpha.ServiceResponse::getName)
						.sorted()
						.toList());
				}

				@Override
				public void onError(Throwable error) {
					names.completeExceptionally(error);
				}

				@Override
				public void onCompleted() {
				}
			});
		requests.onNext(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder().setListServices("").build());
		requests.onCompleted();
		return names.get(10, TimeUnit.SECONDS);
	}

}
