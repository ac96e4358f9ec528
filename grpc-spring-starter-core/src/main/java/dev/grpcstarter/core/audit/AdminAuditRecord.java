package dev.grpcstarter.core.audit;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.jspecify.annotations.Nullable;

/**
 * A row of {@code grpc_admin_audit} for reading with JPA ({@link AdminAuditRepository}).
 * Read-only: entries are written by {@link AdminAuditLog}.
 */
@Entity
@Immutable
@Table(name = "grpc_admin_audit")
public class AdminAuditRecord {

	@Id
	@Column(name = "id")
	private long id;

	@Column(name = "occurred_at", nullable = false)
	private Instant occurredAt;

	@Column(name = "actor", nullable = false, length = 150)
	private String actor;

	@Column(name = "action", nullable = false, length = 32)
	private String action;

	@Column(name = "target_type", nullable = false, length = 32)
	private String targetType;

	@Column(name = "target_id", nullable = false, length = 64)
	private String targetId;

	@Column(name = "details", length = 1000)
	private @Nullable String details;

	@SuppressWarnings("NullAway.Init")
	protected AdminAuditRecord() {
		// for JPA
	}

	/** @return the entry id */
	public long getId() {
		return this.id;
	}

	/** @return when it happened */
	public Instant getOccurredAt() {
		return this.occurredAt;
	}

	/** @return who did it */
	public String getActor() {
		return this.actor;
	}

	/** @return what was done, for example {@code revoke} */
	public String getAction() {
		return this.action;
	}

	/** @return the kind of thing it was done to, for example {@code api_key} */
	public String getTargetType() {
		return this.targetType;
	}

	/** @return the id of the thing it was done to */
	public String getTargetId() {
		return this.targetId;
	}

	/** @return free text */
	public @Nullable String getDetails() {
		return this.details;
	}

	@Override
	public String toString() {
		return "AdminAuditRecord[" + this.action + " " + this.targetType + " " + this.targetId + " by " + this.actor
				+ "]";
	}

}
