package dev.grpcstarter.core.service;

/**
 * Marks a service whose every method runs in a read-only transaction. On PostgreSQL a
 * write then fails; see {@code docs/authentication.md} for what other databases do.
 */
public interface ReadOnlyService extends BaseService {

}
