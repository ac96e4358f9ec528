package dev.grpcstarter.core.pipeline;

import java.util.function.Supplier;

import dev.grpcstarter.core.call.GrpcServiceCatalog;
import dev.grpcstarter.core.service.ReadOnlyService;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the service code of {@link ReadOnlyService} implementations in read-only
 * transactions: the start of the call (where streaming methods run) and each message and
 * half-close (where unary and server-streaming methods run) each get one.
 */
public final class ReadOnlyTransactionInterceptor implements ServerInterceptor {

	private final GrpcServiceCatalog catalog;

	private final TransactionTemplate readOnly;

	/**
	 * An interceptor.
	 * @param catalog the served services
	 * @param transactionManager the application's transaction manager
	 */
	public ReadOnlyTransactionInterceptor(GrpcServiceCatalog catalog, PlatformTransactionManager transactionManager) {
		this.catalog = catalog;
		this.readOnly = new TransactionTemplate(transactionManager);
		this.readOnly.setReadOnly(true);
	}

	@Override
	public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next) {
		if (!this.catalog.serviceIs(call.getMethodDescriptor().getFullMethodName(), ReadOnlyService.class)) {
			return next.startCall(call, headers);
		}
		ServerCall.Listener<Q> delegate = inTransaction(() -> next.startCall(call, headers));
		return new SimpleForwardingServerCallListener<>(delegate) {

			@Override
			public void onMessage(Q message) {
				inTransaction(() -> {
					super.onMessage(message);
					return null;
				});
			}

			@Override
			public void onHalfClose() {
				inTransaction(() -> {
					super.onHalfClose();
					return null;
				});
			}

		};
	}

	private <T> T inTransaction(Supplier<T> step) {
		return this.readOnly.execute((status) -> step.get());
	}

}
