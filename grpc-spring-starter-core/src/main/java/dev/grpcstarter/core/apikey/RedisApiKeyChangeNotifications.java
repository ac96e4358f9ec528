package dev.grpcstarter.core.apikey;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Key changes carried by Redis pub/sub, for applications whose rate limits live in Redis.
 * Changes made through {@link ApiKeyService} on this instance are published on channel
 * {@value #CHANNEL} once their transaction has committed; every instance subscribes and
 * drops the key from its cache. Unlike PostgreSQL's notifications, a change made with plain
 * SQL is not published, and a change is not published when this instance stops between the
 * commit and the publication: the cache's time-to-live covers both.
 *
 * <p>Lettuce reconnects a lost connection by itself and subscribes again; each
 * subscription, the first included, tells the listener that changes may have been missed.
 * Kept apart so that Lettuce's classes are needed only where Redis is used.
 */
public final class RedisApiKeyChangeNotifications implements ApiKeyChangeNotifications, ApiKeyChangeListener {

	/** The channel changes are published on, with the key's hash as message. */
	public static final String CHANNEL = "grpc:api-key-changed";

	private static final Logger logger = LoggerFactory.getLogger(RedisApiKeyChangeNotifications.class);

	private final AbstractRedisClient client;

	private final ApiKeyChangeListener listener;

	private final Duration timeout;

	private final AtomicLong subscriptions = new AtomicLong();

	private final Object monitor = new Object();

	private volatile boolean subscribed;

	private volatile @Nullable StatefulRedisPubSubConnection<String, String> subscription;

	private volatile @Nullable StatefulConnection<String, String> publishing;

	private volatile @Nullable Function<String, CompletionStage<Long>> publish;

	/**
	 * Notifications on the application's Redis.
	 * @param client the application's Lettuce client, standalone or cluster
	 * @param listener told of every change, usually the key cache
	 * @param timeout how long to wait for Redis when subscribing at start
	 */
	public RedisApiKeyChangeNotifications(AbstractRedisClient client, ApiKeyChangeListener listener,
			Duration timeout) {
		if (!(client instanceof RedisClient) && !(client instanceof RedisClusterClient)) {
			throw new IllegalArgumentException("unsupported Redis client " + client.getClass().getName());
		}
		this.client = client;
		this.listener = listener;
		this.timeout = timeout;
	}

	@Override
	public String description() {
		return "Redis pub/sub (channel " + CHANNEL + ")";
	}

	@Override
	public boolean isSubscribed() {
		return this.subscribed;
	}

	@Override
	public long subscriptions() {
		return this.subscriptions.get();
	}

	/** Subscribes, waiting for Redis to confirm, and opens the connection to publish on. */
	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.subscription != null) {
				return;
			}
			StatefulRedisPubSubConnection<String, String> subscription = (this.client instanceof RedisClusterClient cluster)
					? cluster.connectPubSub() : ((RedisClient) this.client).connectPubSub();
			subscription.addListener(new RedisPubSubAdapter<>() {

				@Override
				public void subscribed(String channel, long count) {
					// Also after Lettuce reconnected and subscribed again.
					RedisApiKeyChangeNotifications.this.listener.apiKeyChangesMissed();
					RedisApiKeyChangeNotifications.this.subscribed = true;
					long times = RedisApiKeyChangeNotifications.this.subscriptions.incrementAndGet();
					if (times > 1) {
						logger.info("API key changes: subscribed again to Redis channel {}; cached keys dropped",
								CHANNEL);
					}
				}

				@Override
				public void message(String channel, String keyHash) {
					if (CHANNEL.equals(channel)) {
						RedisApiKeyChangeNotifications.this.listener.apiKeyChanged(keyHash);
					}
				}

			});
			subscription.addListener(new RedisConnectionStateListener() {

				@Override
				public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
					if (RedisApiKeyChangeNotifications.this.subscribed) {
						logger.warn("API key changes: lost Redis channel {}; Lettuce reconnects, changes on other"
								+ " instances take effect within the key cache's TTL meanwhile", CHANNEL);
					}
					RedisApiKeyChangeNotifications.this.subscribed = false;
				}

			});
			try {
				subscription.async().subscribe(CHANNEL).toCompletableFuture().get(this.timeout.toMillis(),
						TimeUnit.MILLISECONDS);
			}
			catch (Exception ex) {
				subscription.close();
				if (ex instanceof InterruptedException) {
					Thread.currentThread().interrupt();
				}
				throw new IllegalStateException("API key changes: cannot subscribe to Redis channel " + CHANNEL, ex);
			}
			this.subscription = subscription;
			if (this.client instanceof RedisClusterClient cluster) {
				StatefulRedisClusterConnection<String, String> connection = cluster.connect();
				this.publishing = connection;
				this.publish = (keyHash) -> connection.async().publish(CHANNEL, keyHash);
			}
			else {
				StatefulRedisConnection<String, String> connection = ((RedisClient) this.client).connect();
				this.publishing = connection;
				this.publish = (keyHash) -> connection.async().publish(CHANNEL, keyHash);
			}
		}
	}

	@Override
	public void stop() {
		StatefulRedisPubSubConnection<String, String> subscription;
		StatefulConnection<String, String> publishing;
		synchronized (this.monitor) {
			subscription = this.subscription;
			publishing = this.publishing;
			this.subscription = null;
			this.publishing = null;
			this.publish = null;
			this.subscribed = false;
		}
		if (subscription != null) {
			subscription.close();
		}
		if (publishing != null) {
			publishing.close();
		}
	}

	@Override
	public boolean isRunning() {
		return this.subscription != null;
	}

	/**
	 * Publishes a change made on this instance, after its transaction commits when one is
	 * active (another instance would otherwise read the state before it). A failure is
	 * logged: the other instances then see the change within the cache's time-to-live.
	 * @param keyHash the key's hash
	 */
	@Override
	public void apiKeyChanged(String keyHash) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					publish(keyHash);
				}

			});
		}
		else {
			publish(keyHash);
		}
	}

	private void publish(String keyHash) {
		Function<String, CompletionStage<Long>> publish = this.publish;
		if (publish == null) {
			return;
		}
		publish.apply(keyHash).whenComplete((receivers, failure) -> {
			if (failure != null) {
				logger.warn("API key changes: could not publish a change on Redis channel {} ({}); other instances"
						+ " see it within the key cache's TTL", CHANNEL, failure.getMessage());
			}
		});
	}

}
