package dev.grpcstarter.core.apikey;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key changes heard through PostgreSQL's {@code LISTEN/NOTIFY}. A trigger on
 * {@code grpc_api_key} (migration V9) notifies channel {@value #CHANNEL} with the key's hash
 * whenever anything but its usage counters changes or the row is deleted: in the changing
 * transaction, so the notification goes out when, and only when, the change commits, and
 * also for changes made with plain SQL.
 *
 * <p>One thread holds one connection of its own, listening. A lost connection is reopened
 * with a growing pause (0.1 s doubling to 5 s); once listening again, the listener is told
 * that changes may have been missed ({@link ApiKeyChangeListener#apiKeyChangesMissed()}).
 * A connection quiet for {@value #CHECK_INTERVAL_MILLIS} ms is checked, so that one
 * silently cut off by the network is noticed too. Only loaded when the database is
 * PostgreSQL, so its driver is on the class path.
 */
public final class PostgresApiKeyChangeNotifications implements ApiKeyChangeNotifications {

	/** The channel the trigger notifies, with the key's hash as payload. */
	public static final String CHANNEL = "grpc_api_key_changed";

	/** The {@code application_name} of the listening connection, as {@code pg_stat_activity} shows it. */
	public static final String APPLICATION_NAME = "grpc-api-key-changes";

	private static final Logger logger = LoggerFactory.getLogger(PostgresApiKeyChangeNotifications.class);

	private static final long CHECK_INTERVAL_MILLIS = 10_000;

	private static final int CHECK_TIMEOUT_SECONDS = 5;

	private static final Duration FIRST_RETRY = Duration.ofMillis(100);

	private static final Duration MAX_RETRY = Duration.ofSeconds(5);

	/** How long {@link #start()} waits for the first subscription before it lets the servers start. */
	private static final Duration START_WAIT = Duration.ofSeconds(5);

	private final Connector connector;

	private final ApiKeyChangeListener listener;

	private final Object monitor = new Object();

	private final AtomicLong subscriptions = new AtomicLong();

	private volatile boolean running;

	private volatile boolean subscribed;

	private volatile @Nullable Thread thread;

	/** The physical connection listening now, to abort at stop. */
	private volatile @Nullable Connection listening;

	/**
	 * Notifications on connections opened by a connector.
	 * @param connector opens the connection to listen on; it is held until stop or until it
	 * breaks
	 * @param listener told of every change, usually the key cache
	 */
	public PostgresApiKeyChangeNotifications(Connector connector, ApiKeyChangeListener listener) {
		this.connector = connector;
		this.listener = listener;
	}

	@Override
	public String description() {
		return "PostgreSQL LISTEN/NOTIFY (channel " + CHANNEL + ")";
	}

	@Override
	public boolean isSubscribed() {
		return this.subscribed;
	}

	@Override
	public long subscriptions() {
		return this.subscriptions.get();
	}

	/**
	 * Starts listening and waits up to 5 s for the first subscription, so that the servers
	 * start with changes heard; a database that does not answer delays startup no more.
	 */
	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.running) {
				return;
			}
			this.running = true;
			Thread listener = new Thread(this::listen, "grpc-api-key-changes");
			listener.setDaemon(true);
			this.thread = listener;
			listener.start();
			long deadline = System.nanoTime() + START_WAIT.toNanos();
			try {
				while (!this.subscribed && this.running && System.nanoTime() - deadline < 0) {
					this.monitor.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (!this.subscribed) {
			logger.warn("API key changes: not yet listening on PostgreSQL channel {}; retrying in the background,"
					+ " changes on other instances take effect within the key cache's TTL until then", CHANNEL);
		}
	}

	@Override
	public void stop() {
		Thread listener;
		synchronized (this.monitor) {
			if (!this.running) {
				return;
			}
			this.running = false;
			listener = this.thread;
			this.thread = null;
			this.monitor.notifyAll();
		}
		abortListening();
		if (listener != null) {
			try {
				listener.join(TimeUnit.SECONDS.toMillis(5));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void listen() {
		Duration retry = FIRST_RETRY;
		long failures = 0;
		while (this.running) {
			try (Connection connection = this.connector.connect()) {
				PGConnection postgres = connection.unwrap(PGConnection.class);
				// The driver's own connection, also behind a pool's proxy: what abort must reach.
				this.listening = (Connection) postgres;
				if (!this.running) {
					break;
				}
				connection.setAutoCommit(true);
				try (Statement statement = connection.createStatement()) {
					statement.execute("set application_name = '" + APPLICATION_NAME + "'");
					statement.execute("listen " + CHANNEL);
				}
				// Only now: changes committed from here on are notified, earlier ones are gone
				// from the cache.
				this.listener.apiKeyChangesMissed();
				subscribed();
				if (failures > 0) {
					logger.info("API key changes: listening again on PostgreSQL channel {} after {} failed attempt(s);"
							+ " cached keys dropped", CHANNEL, failures);
				}
				failures = 0;
				retry = FIRST_RETRY;
				receive(connection, postgres);
			}
			catch (SQLException | RuntimeException ex) {
				this.subscribed = false;
				this.listening = null;
				if (!this.running) {
					break;
				}
				if (failures++ == 0) {
					logger.warn("API key changes: lost PostgreSQL channel {} ({}); reconnecting, changes on other"
							+ " instances take effect within the key cache's TTL meanwhile", CHANNEL, ex.getMessage());
				}
				else {
					logger.debug("API key changes: reconnection failed", ex);
				}
				pause(retry);
				retry = (retry.compareTo(MAX_RETRY.dividedBy(2)) < 0) ? retry.multipliedBy(2) : MAX_RETRY;
			}
		}
		this.subscribed = false;
		this.listening = null;
	}

	private void subscribed() {
		synchronized (this.monitor) {
			this.subscribed = true;
			this.subscriptions.incrementAndGet();
			this.monitor.notifyAll();
		}
	}

	private void receive(Connection connection, PGConnection postgres) throws SQLException {
		while (this.running) {
			PGNotification[] notifications = postgres.getNotifications((int) CHECK_INTERVAL_MILLIS);
			if (notifications == null || notifications.length == 0) {
				if (this.running && !connection.isValid(CHECK_TIMEOUT_SECONDS)) {
					throw new SQLException("the listening connection no longer answers");
				}
				continue;
			}
			for (PGNotification notification : notifications) {
				if (CHANNEL.equals(notification.getName())) {
					this.listener.apiKeyChanged(notification.getParameter());
				}
			}
		}
	}

	private void pause(Duration retry) {
		synchronized (this.monitor) {
			if (this.running) {
				try {
					this.monitor.wait(retry.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					this.running = false;
				}
			}
		}
	}

	private void abortListening() {
		Connection connection = this.listening;
		if (connection != null) {
			try {
				// Closes the socket at once: the thread blocked in getNotifications wakes up.
				connection.abort(Runnable::run);
			}
			catch (SQLException | RuntimeException ex) {
				logger.debug("Could not abort the API key change listener's connection", ex);
			}
		}
	}

	/**
	 * Opens the connection to listen on.
	 */
	@FunctionalInterface
	public interface Connector {

		/**
		 * A new connection; it is closed when it breaks or at stop.
		 * @return the connection
		 * @throws SQLException when the database cannot be reached
		 */
		Connection connect() throws SQLException;

		/**
		 * Connections of their own, opened with the PostgreSQL driver, outside any pool.
		 * @param jdbcUrl the database's JDBC URL
		 * @param username the user, {@code null} for the URL's
		 * @param password the password, {@code null} for none or the URL's
		 * @return the connector
		 */
		static Connector driver(String jdbcUrl, @Nullable String username, @Nullable String password) {
			org.postgresql.Driver driver = new org.postgresql.Driver();
			return () -> {
				Properties properties = new Properties();
				if (username != null) {
					properties.setProperty("user", username);
				}
				if (password != null) {
					properties.setProperty("password", password);
				}
				properties.setProperty("ApplicationName", APPLICATION_NAME);
				properties.setProperty("tcpKeepAlive", "true");
				Connection connection = driver.connect(jdbcUrl, properties);
				if (connection == null) {
					throw new SQLException("not a PostgreSQL JDBC URL: " + jdbcUrl);
				}
				return connection;
			};
		}

	}

}
