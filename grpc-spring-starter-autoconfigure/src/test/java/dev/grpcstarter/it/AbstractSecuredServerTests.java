package dev.grpcstarter.it;

import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.test.v1.SecuredServiceGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A test against the real server of the test application serving the secured services,
 * with a channel opened for each test.
 */
abstract class AbstractSecuredServerTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	ApiKeyService keys;

	@Autowired
	JdbcTemplate jdbc;

	LocalGrpcChannel channel;

	SecuredServiceGrpc.SecuredServiceBlockingStub secured;

	@BeforeEach
	void openChannel() {
		this.channel = LocalGrpcChannel.to(this.context);
		this.secured = SecuredServiceGrpc.newBlockingStub(this.channel.channel());
	}

	@AfterEach
	void closeChannel() throws InterruptedException {
		this.channel.close();
	}

}
