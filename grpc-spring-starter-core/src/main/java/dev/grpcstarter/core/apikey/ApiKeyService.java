package dev.grpcstarter.core.apikey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.TypedQuery;
import org.jspecify.annotations.Nullable;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates, verifies, revokes, rotates, edits and lists API keys. The raw key exists only
 * in the {@link CreatedApiKey} returned by {@link #create} and {@link #rotate}; the
 * database holds its SHA-256 hash.
 */
public class ApiKeyService implements ApiKeyLookup {

	private final EntityManager entityManager;

	private final TransactionTemplate transactions;

	private final TransactionTemplate readOnlyTransactions;

	private final ApiKeyFormat format = new ApiKeyFormat();

	private final List<ApiKeyChangeListener> listeners = new CopyOnWriteArrayList<>();

	private final Clock clock;

	/**
	 * A service on the application's JPA persistence unit.
	 * @param entityManagerFactory the persistence unit holding {@link ApiKey}
	 * @param transactionManager the transaction manager of that unit
	 * @param clock the clock
	 */
	public ApiKeyService(EntityManagerFactory entityManagerFactory, PlatformTransactionManager transactionManager,
			Clock clock) {
		this.entityManager = SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory);
		this.transactions = new TransactionTemplate(transactionManager);
		this.readOnlyTransactions = new TransactionTemplate(transactionManager);
		this.readOnlyTransactions.setReadOnly(true);
		this.clock = clock;
	}

	/**
	 * Registers a listener told of every revocation, rotation and edit made through this
	 * service, to drop cached keys at once.
	 * @param listener the listener
	 */
	public void addChangeListener(ApiKeyChangeListener listener) {
		this.listeners.add(listener);
	}

	/**
	 * Creates a key.
	 * @param request the settings
	 * @return the key, with the raw key shown this once
	 * @throws InvalidApiKeySettingException when a setting is invalid
	 */
	public CreatedApiKey create(NewApiKey request) {
		ApiKeyRules.check(request, this.clock.instant());
		String rawKey = this.format.generate();
		ApiKey key = this.transactions.execute((status) -> {
			ApiKey created = new ApiKey(request, rawKey, this.clock.instant());
			this.entityManager.persist(created);
			return created;
		});
		return new CreatedApiKey(rawKey, required(key));
	}

	/**
	 * Looks up a key by its raw value. Malformed keys are answered without the database.
	 * The result says nothing about expiry or revocation; see
	 * {@link VerifiedApiKey#stateAt(Instant)}.
	 * @param rawKey the key a client presented
	 * @return the stored key, or empty when the key is malformed or unknown
	 * @throws org.springframework.dao.DataAccessException or
	 * {@link jakarta.persistence.PersistenceException} when the database cannot answer
	 */
	@Override
	public Optional<VerifiedApiKey> verify(String rawKey) {
		if (!ApiKeyFormat.isWellFormed(rawKey)) {
			return Optional.empty();
		}
		String hash = ApiKeyFormat.hash(rawKey);
		return Optional.ofNullable(this.readOnlyTransactions.execute((status) -> this.entityManager
			.createQuery("select k from ApiKey k where k.keyHash = :hash", ApiKey.class)
			.setParameter("hash", hash)
			.getResultStream()
			.findFirst()
			.map(VerifiedApiKey::of)
			.orElse(null)));
	}

	/**
	 * Revokes a key at once; revoking twice keeps the first time.
	 * @param id the key id
	 * @return the key
	 * @throws java.util.NoSuchElementException when there is no such key
	 */
	public ApiKey revoke(long id) {
		ApiKey key = required(this.transactions.execute((status) -> {
			ApiKey found = load(id);
			found.revoke(this.clock.instant());
			return found;
		}));
		changed(key);
		return key;
	}

	/**
	 * Replaces a key by a new one with the same settings. The old key keeps working for the
	 * grace period, then expires.
	 * @param id the key to rotate
	 * @param grace how long the old key keeps working; {@link Duration#ZERO} ends it now
	 * @param rotatedBy who rotates it
	 * @return the new key, with the raw key shown this once
	 */
	public CreatedApiKey rotate(long id, Duration grace, @Nullable String rotatedBy) {
		if (grace.isNegative()) {
			throw new IllegalArgumentException("grace period must not be negative");
		}
		String rawKey = this.format.generate();
		Rotation rotation = required(this.transactions.execute((status) -> {
			ApiKey old = load(id);
			if (old.stateAt(this.clock.instant()) != ApiKeyState.ACTIVE) {
				throw new IllegalArgumentException("API key " + id + " is " + old.stateAt(this.clock.instant())
					.name()
					.toLowerCase(Locale.ROOT) + " and cannot be rotated");
			}
			Instant now = this.clock.instant();
			ApiKey replacement = new ApiKey(new NewApiKey(old.getName(), old.getDescription(), old.getOwner(),
					old.getAuthorities(), old.getScopes(), old.getExpiresAt(), old.getRateLimitPerMinute(), rotatedBy,
					old.getRateLimits(), old.getQuota()), rawKey, now);
			this.entityManager.persist(replacement);
			this.entityManager.flush();
			old.replaceBy(replacement.id(), now.plus(grace));
			return new Rotation(old, replacement);
		}));
		changed(rotation.old());
		return new CreatedApiKey(rawKey, rotation.replacement());
	}

	/**
	 * Changes the editable settings of a key.
	 * @param id the key id
	 * @param changes the new settings
	 * @return the key
	 * @throws InvalidApiKeySettingException when a setting is invalid
	 * @throws java.util.NoSuchElementException when there is no such key
	 */
	public ApiKey update(long id, ApiKeyChanges changes) {
		ApiKeyRules.check(changes);
		ApiKey key = required(this.transactions.execute((status) -> {
			ApiKey found = load(id);
			found.update(changes);
			return found;
		}));
		changed(key);
		return key;
	}

	/**
	 * A key by id.
	 * @param id the id
	 * @return the key, if there is one
	 */
	public Optional<ApiKey> find(long id) {
		return Optional.ofNullable(
				this.readOnlyTransactions.execute((status) -> this.entityManager.find(ApiKey.class, id)));
	}

	/**
	 * Keys, newest first, optionally those whose name, owner or prefix contains a text.
	 * @param search text to look for, case-insensitive; {@code null} or blank for all
	 * @param page the page, from 0
	 * @param size the page size, 1 to 500
	 * @return the page
	 */
	public ApiKeyPage list(@Nullable String search, int page, int size) {
		return list(search, ApiKeyFilter.ALL, page, size);
	}

	/**
	 * Keys in a state, newest first, optionally those whose name, owner or prefix contains
	 * a text.
	 * @param search text to look for, case-insensitive; {@code null} or blank for all
	 * @param filter which states
	 * @param page the page, from 0
	 * @param size the page size, 1 to 500
	 * @return the page
	 */
	public ApiKeyPage list(@Nullable String search, ApiKeyFilter filter, int page, int size) {
		if (page < 0 || size < 1 || size > 500) {
			throw new IllegalArgumentException("page must be >= 0 and size between 1 and 500");
		}
		boolean hasText = search != null && !search.isBlank();
		String text = hasText ? "%" + search.trim().toLowerCase(Locale.ROOT) + "%" : "";
		String where = " where 1 = 1"
				+ (hasText ? " and (lower(k.name) like :text or lower(k.owner) like :text or lower(k.keyPrefix) like :text)"
						: "")
				+ switch (filter) {
					case ALL -> "";
					case ACTIVE -> " and k.revokedAt is null and (k.expiresAt is null or k.expiresAt > :now)";
					case EXPIRING_SOON ->
						" and k.revokedAt is null and k.expiresAt > :now and k.expiresAt <= :soon";
					case EXPIRED -> " and k.revokedAt is null and k.expiresAt <= :now";
					case REVOKED -> " and k.revokedAt is not null";
				};
		Instant now = this.clock.instant();
		return required(this.readOnlyTransactions.execute((status) -> {
			TypedQuery<ApiKey> query = this.entityManager
				.createQuery("select k from ApiKey k" + where + " order by k.id desc", ApiKey.class);
			TypedQuery<Long> count = this.entityManager.createQuery("select count(k) from ApiKey k" + where,
					Long.class);
			for (TypedQuery<?> q : List.of(query, count)) {
				if (hasText) {
					q.setParameter("text", text);
				}
				if (filter != ApiKeyFilter.ALL && filter != ApiKeyFilter.REVOKED) {
					q.setParameter("now", now);
				}
				if (filter == ApiKeyFilter.EXPIRING_SOON) {
					q.setParameter("soon", now.plus(Duration.ofDays(7)));
				}
			}
			List<ApiKey> keys = query.setFirstResult(page * size).setMaxResults(size).getResultList();
			return new ApiKeyPage(keys, page, size, count.getSingleResult());
		}));
	}

	private ApiKey load(long id) {
		ApiKey key = this.entityManager.find(ApiKey.class, id);
		if (key == null) {
			throw new java.util.NoSuchElementException("no API key with id " + id);
		}
		return key;
	}

	private void changed(ApiKey key) {
		for (ApiKeyChangeListener listener : this.listeners) {
			listener.apiKeyChanged(key.getKeyHash());
		}
	}

	private record Rotation(ApiKey old, ApiKey replacement) {
	}

	private static <T> T required(@Nullable T value) {
		if (value == null) {
			throw new IllegalStateException("transaction returned no result");
		}
		return value;
	}

}
