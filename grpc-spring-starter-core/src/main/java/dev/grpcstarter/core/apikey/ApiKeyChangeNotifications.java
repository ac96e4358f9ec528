package dev.grpcstarter.core.apikey;

import dev.grpcstarter.core.background.BackgroundPhases;
import org.springframework.context.SmartLifecycle;

/**
 * Tells every instance of the key changes made on any of them, so that each drops the key
 * from its cache within a second instead of at the end of the cache's time-to-live. Started
 * before the servers take calls ({@link BackgroundPhases#WORK}).
 *
 * @see PostgresApiKeyChangeNotifications
 * @see RedisApiKeyChangeNotifications
 */
public interface ApiKeyChangeNotifications extends SmartLifecycle {

	/**
	 * What carries the notifications, for the startup log and the configuration snapshot.
	 * @return for example {@code PostgreSQL LISTEN/NOTIFY (channel grpc_api_key_changed)}
	 */
	String description();

	/**
	 * Whether notifications are heard now; {@code false} while the connection is lost.
	 * @return whether subscribed
	 */
	boolean isSubscribed();

	/**
	 * How many times the notifications were subscribed to since start: 1 after the first
	 * subscription, one more after each re-subscription (each of which dropped the cached
	 * keys).
	 * @return the count
	 */
	long subscriptions();

	@Override
	default int getPhase() {
		return BackgroundPhases.WORK;
	}

}
