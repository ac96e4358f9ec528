package dev.grpcstarter.it;

import java.sql.SQLException;
import java.util.List;

import dev.grpcstarter.it.app.TestApplication;
import dev.grpcstarter.it.secured.ReadOnlyWriteGrpcService;
import dev.grpcstarter.test.v1.PingRequest;
import dev.grpcstarter.test.v1.ReadOnlyWriteServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.grpcstarter.it.ApiKeyCalls.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * API-key authentication with the keys in a real PostgreSQL.
 */
@SpringBootTest(classes = TestApplication.class)
class PostgresApiKeyAuthenticationTests extends AbstractApiKeyAuthenticationTests {

	/** PostgreSQL's SQLSTATE for a write refused by a read-only transaction. */
	private static final String READ_ONLY_SQL_TRANSACTION = "25006";

	@Autowired
	private ReadOnlyWriteGrpcService readOnlyWriteService;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		EmbeddedPostgres.register(registry);
		TestProperties.register(registry, PROPERTIES);
	}

	@Override
	protected boolean hearsOfKeyChangesOnOtherInstances() {
		return true;
	}

	@Test
	void whenReadOnlyServiceWritesOnPostgresThenTheReadOnlyTransactionRefusesTheWrite() {
		String key = createKey("pat", List.of());
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> withKey(ReadOnlyWriteServiceGrpc.newBlockingStub(this.channel.channel()), key)
					.write(PingRequest.newBuilder().setText("x").build()));
		assertThat(failure.getStatus().getCode()).isNotEqualTo(Status.Code.OK);
		assertThat(failure.getStatus().getDescription()).doesNotContain("read-only transaction");
		assertThat(this.readOnlyWriteService.lastFailure()).isNotNull()
			.extracting((refused) -> refused.getMostSpecificCause())
			.isInstanceOfSatisfying(SQLException.class,
					(cause) -> assertThat(cause.getSQLState()).isEqualTo(READ_ONLY_SQL_TRANSACTION));
	}

}
