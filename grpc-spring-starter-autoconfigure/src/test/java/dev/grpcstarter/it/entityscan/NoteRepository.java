package dev.grpcstarter.it.entityscan;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The application's own repository.
 */
public interface NoteRepository extends JpaRepository<Note, Long> {

}
