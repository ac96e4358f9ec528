package dev.grpcstarter.it;

import java.util.UUID;

import dev.grpcstarter.autoconfigure.auth.GrpcApiKeyAutoConfiguration;
import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.requestlog.RequestLogTracerFactory;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import dev.grpcstarter.core.status.ServerInstanceRecorder;
import dev.grpcstarter.core.status.ServerInstanceService;
import dev.grpcstarter.it.app.TestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each feature depends on the starter's tables, not on another feature's
 * auto-configuration: excluding one leaves the others running.
 */
class AutoConfigurationExclusionIntegrationTests {

	@Test
	void whenApiKeyAutoConfigurationIsExcludedThenRequestLogAndStatusStay() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.properties("spring.grpc.server.port=0", "spring.grpc.server.shutdown.grace-period=0s",
					"spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID())
			// A command-line argument: the test application.properties sets the exclusions too
			// (Spring Data Redis), and default properties would lose against it.
			.run("--spring.autoconfigure.exclude=" + GrpcApiKeyAutoConfiguration.class.getName()
					+ ",org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")) {
			assertThat(context.getBeanNamesForType(ApiKeyService.class)).isEmpty();
			assertThat(context.getBeanNamesForType(RequestLogWriter.class)).hasSize(1);
			assertThat(context.getBeanNamesForType(RequestLogTracerFactory.class)).hasSize(1);
			assertThat(context.getBeanNamesForType(ServerInstanceRecorder.class)).hasSize(1);
			assertThat(context.getBean(ServerInstanceService.class).current()).isPresent();
		}
	}

}
