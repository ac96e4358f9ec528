package dev.grpcstarter.it.units.notes;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The application's repository on its main persistence unit.
 */
public interface NoteRepository extends JpaRepository<Note, Long> {

}
