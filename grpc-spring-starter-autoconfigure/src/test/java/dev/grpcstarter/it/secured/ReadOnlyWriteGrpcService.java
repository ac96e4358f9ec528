package dev.grpcstarter.it.secured;

import dev.grpcstarter.core.service.ReadOnlyService;
import dev.grpcstarter.test.v1.PingRequest;
import dev.grpcstarter.test.v1.ReadOnlyWriteServiceGrpc;
import dev.grpcstarter.test.v1.Reply;
import io.grpc.stub.StreamObserver;
import org.springframework.grpc.server.service.GrpcService;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Tries to write inside its read-only transaction.
 */
@GrpcService
public class ReadOnlyWriteGrpcService extends ReadOnlyWriteServiceGrpc.ReadOnlyWriteServiceImplBase
		implements ReadOnlyService {

	private final JdbcTemplate jdbc;

	public ReadOnlyWriteGrpcService(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void write(PingRequest request, StreamObserver<Reply> responses) {
		int updated = this.jdbc.update("update grpc_api_key set description = ? where 1 = 0", request.getText());
		responses.onNext(Reply.newBuilder().setText("updated " + updated).build());
		responses.onCompleted();
	}

}
