package dev.grpcstarter.core.apikey;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.repository.Repository;

/**
 * Reads API keys with Spring Data JPA. Read-only on purpose: create, rotate, revoke and
 * update keys through {@link ApiKeyService}, which checks the settings, hashes the key and
 * tells every cache of the change.
 */
public interface ApiKeyRepository extends Repository<ApiKey, Long>, JpaSpecificationExecutor<ApiKey> {

	/**
	 * One key.
	 * @param id the key id
	 * @return the key, if there is one
	 */
	Optional<ApiKey> findById(long id);

	/**
	 * Every key, in the order the pageable asks for.
	 * @param pageable the page
	 * @return the page
	 */
	Page<ApiKey> findAll(Pageable pageable);

	/**
	 * The keys with a display prefix, as shown in the admin and in logs (for example
	 * {@code gsk_AbC1}). Prefixes are short, so more than one key may share one.
	 * @param keyPrefix the display prefix
	 * @return the keys, newest first
	 */
	List<ApiKey> findByKeyPrefixOrderByIdDesc(String keyPrefix);

	/**
	 * The keys of an owner, newest first.
	 * @param owner the principal name
	 * @param pageable the page
	 * @return the keys
	 */
	Page<ApiKey> findByOwnerOrderByIdDesc(String owner, Pageable pageable);

}
