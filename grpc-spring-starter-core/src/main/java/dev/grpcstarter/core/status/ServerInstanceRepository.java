package dev.grpcstarter.core.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.repository.Repository;

/**
 * Reads the server instances with Spring Data JPA. Read-only: it offers no {@code save}.
 */
public interface ServerInstanceRepository
		extends Repository<ServerInstanceRow, Long>, JpaSpecificationExecutor<ServerInstanceRow> {

	/**
	 * One instance.
	 * @param instanceId the unique instance id
	 * @return the instance, if there is one
	 */
	Optional<ServerInstanceRow> findByInstanceId(String instanceId);

	/**
	 * Every instance, in the order the pageable asks for.
	 * @param pageable the page
	 * @return the page
	 */
	Page<ServerInstanceRow> findAll(Pageable pageable);

	/**
	 * Instances in one of the given stored states whose last heartbeat is at or after a
	 * time, oldest start first.
	 * @param statuses the stored states
	 * @param heartbeatSince the oldest heartbeat that counts
	 * @return the instances
	 */
	List<ServerInstanceRow> findByStatusInAndLastHeartbeatGreaterThanEqualOrderByStartedAtAsc(
			Collection<InstanceStatus> statuses, Instant heartbeatSince);

	/**
	 * The instances that are running: stored as running, with a heartbeat no older than
	 * the given age. The starter's own liveness rule takes the heartbeat interval times the
	 * missed heartbeats allowed ({@code grpc.server-status.*}).
	 * @param now the time now
	 * @param heartbeatMaxAge the oldest heartbeat that still counts
	 * @return the instances, oldest start first
	 */
	default List<ServerInstanceRow> findRunning(Instant now, Duration heartbeatMaxAge) {
		return findByStatusInAndLastHeartbeatGreaterThanEqualOrderByStartedAtAsc(List.of(InstanceStatus.RUNNING),
				now.minus(heartbeatMaxAge));
	}

	/**
	 * The number of instances.
	 * @return the count
	 */
	long count();

}
