package dev.grpcstarter.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import dev.grpcstarter.invoketest.common.v1.Money;
import dev.grpcstarter.invoketest.shop.v1.AddItemsResponse;
import dev.grpcstarter.invoketest.shop.v1.GetItemRequest;
import dev.grpcstarter.invoketest.shop.v1.Item;
import dev.grpcstarter.invoketest.shop.v1.ListItemsRequest;
import dev.grpcstarter.invoketest.shop.v1.ShopServiceGrpc;
import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.stub.StreamObserver;

/**
 * A real grpc-java server for the dynamic client tests, with the reflection version(s) a
 * test asks for.
 */
final class ShopServer implements AutoCloseable {

	enum Reflection {

		V1, V1ALPHA_ONLY, NONE

	}

	/**
	 * The type of the {@code extra} of item {@link #UNPRINTABLE_ITEM}: unknown to any
	 * client, with characters JSON must escape.
	 */
	static final String UNKNOWN_TYPE_URL = "type.googleapis.com/a \"quoted\" \\ back\\slashed\nsecond line";

	/** The item whose {@code extra} holds a type no client can print as JSON. */
	static final long UNPRINTABLE_ITEM = 418;

	private static final Metadata.Key<String> API_KEY = Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);

	private final Server server;

	@SuppressWarnings("deprecation")
	ShopServer(Reflection reflection) throws IOException {
		NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
			.addService(ServerInterceptors.intercept(new Shop(), new ProtectedMethodGuard()));
		if (reflection == Reflection.V1) {
			builder.addService(ProtoReflectionServiceV1.newInstance());
		}
		else if (reflection == Reflection.V1ALPHA_ONLY) {
			builder.addService((BindableService) ProtoReflectionService.newInstance());
		}
		this.server = builder.build().start();
	}

	String target() {
		return "127.0.0.1:" + this.server.getPort();
	}

	@Override
	public void close() throws InterruptedException {
		this.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	/** Protected needs the key "secret". */
	private static final class ProtectedMethodGuard implements ServerInterceptor {

		@Override
		public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
				ServerCallHandler<Q, R> next) {
			if (call.getMethodDescriptor().getBareMethodName().equals("Protected")
					&& !"secret".equals(headers.get(API_KEY))) {
				call.close(Status.UNAUTHENTICATED.withDescription("missing API key"), new Metadata());
				return new ServerCall.Listener<>() {
				};
			}
			Metadata trailers = new Metadata();
			return next.startCall(new io.grpc.ForwardingServerCall.SimpleForwardingServerCall<>(call) {
				@Override
				public void close(Status status, Metadata closingTrailers) {
					closingTrailers.put(Metadata.Key.of("x-served-by", Metadata.ASCII_STRING_MARSHALLER), "shop");
					super.close(status, closingTrailers);
				}
			}, headers);
		}

	}

	private static final class Shop extends ShopServiceGrpc.ShopServiceImplBase {

		@Override
		public void getItem(GetItemRequest request, StreamObserver<Item> responses) {
			if (request.getId() == 404) {
				responses.onError(Status.NOT_FOUND.withDescription("no item 404").asRuntimeException());
				return;
			}
			Item.Builder item = Item.newBuilder()
				.setId(request.getId())
				.setName("item " + request.getId())
				.setPrice(Money.newBuilder().setCurrency("EUR").setUnits(12));
			if (request.getId() == UNPRINTABLE_ITEM) {
				item.setExtra(Any.newBuilder().setTypeUrl(UNKNOWN_TYPE_URL).setValue(ByteString.copyFromUtf8("?")));
			}
			responses.onNext(item.build());
			responses.onCompleted();
		}

		@Override
		public void listItems(ListItemsRequest request, StreamObserver<Item> responses) {
			for (int i = 1; i <= request.getCount(); i++) {
				responses.onNext(Item.newBuilder().setId(i).setName("item " + i).build());
			}
			responses.onCompleted();
		}

		@Override
		public StreamObserver<Item> addItems(StreamObserver<AddItemsResponse> responses) {
			List<String> names = new ArrayList<>();
			return new StreamObserver<>() {
				@Override
				public void onNext(Item item) {
					names.add(item.getName());
				}

				@Override
				public void onError(Throwable error) {
				}

				@Override
				public void onCompleted() {
					responses.onNext(AddItemsResponse.newBuilder().setAdded(names.size()).addAllNames(names).build());
					responses.onCompleted();
				}
			};
		}

		@Override
		public StreamObserver<Item> echo(StreamObserver<Item> responses) {
			return new StreamObserver<>() {
				@Override
				public void onNext(Item item) {
					responses.onNext(item);
				}

				@Override
				public void onError(Throwable error) {
				}

				@Override
				public void onCompleted() {
					responses.onCompleted();
				}
			};
		}

		@Override
		public void protected_(GetItemRequest request, StreamObserver<Item> responses) {
			responses.onNext(Item.newBuilder().setId(request.getId()).setName("protected").build());
			responses.onCompleted();
		}

	}

}
