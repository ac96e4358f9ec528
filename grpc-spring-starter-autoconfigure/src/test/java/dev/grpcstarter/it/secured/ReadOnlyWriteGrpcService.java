package dev.grpcstarter.it.secured;

import java.util.concurrent.atomic.AtomicReference;

import dev.grpcstarter.core.service.ReadOnlyService;
import dev.grpcstarter.test.v1.PingRequest;
import dev.grpcstarter.test.v1.ReadOnlyWriteServiceGrpc;
import dev.grpcstarter.test.v1.Reply;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.grpc.server.service.GrpcService;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Tries to write inside its read-only transaction.
 */
@GrpcService
public class ReadOnlyWriteGrpcService extends ReadOnlyWriteServiceGrpc.ReadOnlyWriteServiceImplBase
		implements ReadOnlyService {

	private final JdbcTemplate jdbc;

	private final AtomicReference<@Nullable DataAccessException> lastFailure = new AtomicReference<>();

	public ReadOnlyWriteGrpcService(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void write(PingRequest request, StreamObserver<Reply> responses) {
		int updated;
		try {
			updated = this.jdbc.update("update grpc_api_key set description = ? where 1 = 0", request.getText());
		}
		catch (DataAccessException ex) {
			// Kept so the test can tell the database's refusal from any other failure; the
			// client only sees the mapped status, never this text.
			this.lastFailure.set(ex);
			throw ex;
		}
		responses.onNext(Reply.newBuilder().setText("updated " + updated).build());
		responses.onCompleted();
	}

	/**
	 * The database's answer to the last refused write.
	 * @return the failure, or {@code null} if no write failed
	 */
	public @Nullable DataAccessException lastFailure() {
		return this.lastFailure.get();
	}

}
