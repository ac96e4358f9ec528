package dev.grpcstarter.autoconfigure.auth;

import javax.sql.DataSource;

import dev.grpcstarter.core.apikey.ApiKeyService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Fails the start, with the reason, when {@code grpc.auth.create-key.name} asks for a key
 * that cannot be stored. Without it, such a run starts no server and exits with nothing
 * printed.
 */
@AutoConfiguration(after = GrpcApiKeyAutoConfiguration.class)
@ConditionalOnProperty(name = "grpc.auth.create-key.name")
@ConditionalOnMissingBean(ApiKeyService.class)
public final class GrpcApiKeyCreationCheckAutoConfiguration {

	@Bean
	static SmartInitializingSingleton grpcApiKeyStoreMissing(ObjectProvider<DataSource> dataSource) {
		return () -> {
			throw new ApiKeyStoreMissingException(dataSource.getIfAvailable() != null);
		};
	}

}
