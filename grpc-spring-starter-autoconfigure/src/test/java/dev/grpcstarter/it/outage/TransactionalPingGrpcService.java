package dev.grpcstarter.it.outage;

import dev.grpcstarter.test.v1.PingRequest;
import dev.grpcstarter.test.v1.PingServiceGrpc;
import dev.grpcstarter.test.v1.Reply;
import io.grpc.stub.StreamObserver;
import org.springframework.grpc.server.service.GrpcService;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/**
 * Answers from the database inside a transaction of the application's (JPA) transaction
 * manager, as a typical service does.
 */
@GrpcService
public class TransactionalPingGrpcService extends PingServiceGrpc.PingServiceImplBase {

	private final JdbcTemplate jdbc;

	public TransactionalPingGrpcService(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	@Transactional(readOnly = true)
	public void ping(PingRequest request, StreamObserver<Reply> responses) {
		Long keys = this.jdbc.queryForObject("select count(*) from grpc_api_key", Long.class);
		responses.onNext(Reply.newBuilder().setText("keys " + keys).build());
		responses.onCompleted();
	}

}
