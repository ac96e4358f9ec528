package dev.grpcstarter.autoconfigure.background;

import dev.grpcstarter.core.background.BackgroundScheduler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The one {@link BackgroundScheduler} of the starter's periodic chores (key-usage flushes,
 * heartbeats, request-log retention, server-instance purge). Its threads exist only while
 * the application context runs, and only once a chore is scheduled.
 */
@AutoConfiguration
public final class GrpcBackgroundAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	BackgroundScheduler grpcBackgroundScheduler() {
		return new BackgroundScheduler();
	}

}
