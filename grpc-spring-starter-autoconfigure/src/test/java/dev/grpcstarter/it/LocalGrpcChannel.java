package dev.grpcstarter.it;

import java.util.concurrent.TimeUnit;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import org.springframework.context.ApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

/**
 * A plaintext channel to the real gRPC server of a test's application context.
 */
public final class LocalGrpcChannel implements AutoCloseable {

	private final ManagedChannel channel;

	private LocalGrpcChannel(int port) {
		this.channel = Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create())
			.build();
	}

	/**
	 * Opens a channel to the server the context started.
	 * @param context the application context
	 * @return the channel
	 */
	public static LocalGrpcChannel to(ApplicationContext context) {
		return new LocalGrpcChannel(context.getBean(GrpcServerLifecycle.class).getPort());
	}

	public ManagedChannel channel() {
		return this.channel;
	}

	@Override
	public void close() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

}
