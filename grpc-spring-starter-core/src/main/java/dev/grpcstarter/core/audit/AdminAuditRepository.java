package dev.grpcstarter.core.audit;

import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.repository.Repository;

/**
 * Reads the admin audit log with Spring Data JPA. Read-only: it offers no {@code save}.
 */
public interface AdminAuditRepository
		extends Repository<AdminAuditRecord, Long>, JpaSpecificationExecutor<AdminAuditRecord> {

	/**
	 * One entry.
	 * @param id the entry id
	 * @return the entry, if there is one
	 */
	Optional<AdminAuditRecord> findById(long id);

	/**
	 * Every entry, in the order the pageable asks for.
	 * @param pageable the page
	 * @return the page
	 */
	Page<AdminAuditRecord> findAll(Pageable pageable);

	/**
	 * What was done to one thing, newest first.
	 * @param targetType the kind of thing, for example {@code api_key}
	 * @param targetId its id
	 * @param pageable the page
	 * @return the entries
	 */
	Page<AdminAuditRecord> findByTargetTypeAndTargetIdOrderByOccurredAtDesc(String targetType, String targetId,
			Pageable pageable);

	/**
	 * What one person did, newest first.
	 * @param actor who
	 * @param pageable the page
	 * @return the entries
	 */
	Page<AdminAuditRecord> findByActorOrderByOccurredAtDesc(String actor, Pageable pageable);

}
