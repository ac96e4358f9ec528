package dev.grpcstarter.it;

import java.util.NoSuchElementException;

import dev.grpcstarter.it.app.TestApplication;
import dev.grpcstarter.test.v1.FailRequest;
import dev.grpcstarter.test.v1.FailingServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.server.advice.GrpcAdvice;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * An application's own handlers, unordered bean or {@code @GrpcAdvice}, win over the
 * default mapping; what they leave alone still gets the default.
 */
@SpringBootTest(classes = { TestApplication.class, UserExceptionHandlerIntegrationTests.UserHandlers.class },
		properties = "spring.grpc.server.port=0")
class UserExceptionHandlerIntegrationTests {

	@Autowired
	private ApplicationContext context;

	@Test
	void whenUserHandlerBeanHandlesExceptionThenItWins() throws Exception {
		assertThat(fail("no-such-element").getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
	}

	@Test
	void whenGrpcAdviceHandlesExceptionThenItWins() throws Exception {
		StatusRuntimeException failure = fail("illegal-argument");
		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
		assertThat(failure.getStatus().getDescription()).isEqualTo("advised: page size must be positive");
	}

	@Test
	void whenUserHandlersDeclineThenDefaultMappingApplies() throws Exception {
		assertThat(fail("entity-not-found").getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
	}

	private StatusRuntimeException fail(String kind) throws InterruptedException {
		try (LocalGrpcChannel channel = LocalGrpcChannel.to(this.context)) {
			return catchThrowableOfType(StatusRuntimeException.class, () -> FailingServiceGrpc
				.newBlockingStub(channel.channel())
				.fail(FailRequest.newBuilder().setKind(kind).build()));
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class UserHandlers {

		@Bean
		GrpcExceptionHandler noSuchElementHandler() {
			return (exception) -> (exception instanceof NoSuchElementException)
					? new StatusException(Status.FAILED_PRECONDITION.withDescription("user handler")) : null;
		}

		@Bean
		IllegalArgumentAdvice illegalArgumentAdvice() {
			return new IllegalArgumentAdvice();
		}

	}

	@GrpcAdvice
	public static class IllegalArgumentAdvice {

		@org.springframework.grpc.server.advice.GrpcExceptionHandler(IllegalArgumentException.class)
		public Status handle(IllegalArgumentException exception) {
			return Status.OUT_OF_RANGE.withDescription("advised: " + exception.getMessage());
		}

	}

}
