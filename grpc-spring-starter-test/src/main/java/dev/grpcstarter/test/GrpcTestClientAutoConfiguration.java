package dev.grpcstarter.test;

import javax.sql.DataSource;

import dev.grpcstarter.autoconfigure.auth.GrpcApiKeyAutoConfiguration;
import dev.grpcstarter.autoconfigure.requestlog.GrpcRequestLogAutoConfiguration;
import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.requestlog.RequestLogSearch;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

/**
 * The {@link GrpcTestClient} of a test annotated {@link GrpcStarterTest}; imported by that
 * annotation only, never listed for ordinary applications. The server, the key service and
 * the request log are looked up when first used, so a test of an application without one
 * of them still starts and fails only where it uses the missing part.
 */
@AutoConfiguration(after = { GrpcServerAutoConfiguration.class, GrpcApiKeyAutoConfiguration.class,
		GrpcRequestLogAutoConfiguration.class })
public final class GrpcTestClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	GrpcTestClient grpcTestClient(ObjectProvider<GrpcServerLifecycle> server, ObjectProvider<ApiKeyService> keys,
			ObjectProvider<RequestLogWriter> writer, ObjectProvider<RequestLogSearch> search,
			ObjectProvider<DataSource> dataSource, Environment environment) {
		return new GrpcTestClient(server::getObject, keys::getIfAvailable,
				(calls) -> TestRequestLog.of(writer.getIfAvailable(), search.getIfAvailable(),
						dataSource.getIfAvailable(), calls),
				environment.getProperty("grpc.auth.header", "x-api-key"));
	}

}
