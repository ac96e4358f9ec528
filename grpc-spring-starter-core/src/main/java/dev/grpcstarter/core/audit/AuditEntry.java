package dev.grpcstarter.core.audit;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One administrative action.
 *
 * @param id the row id
 * @param occurredAt when
 * @param actor who (the admin's user name)
 * @param action what: {@code create}, {@code revoke}, {@code rotate}, {@code edit}
 * @param targetType what kind of thing, for example {@code api-key}
 * @param targetId which one
 * @param details free text, for example the grace period of a rotation
 */
public record AuditEntry(long id, Instant occurredAt, String actor, String action, String targetType,
		String targetId, @Nullable String details) {

}
