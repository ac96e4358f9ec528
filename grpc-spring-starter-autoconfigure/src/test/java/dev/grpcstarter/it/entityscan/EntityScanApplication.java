package dev.grpcstarter.it.entityscan;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/**
 * An application that chooses its entities and repositories itself, naming only its own
 * package: the starter's entities and repositories must still be there.
 */
@SpringBootApplication
@EntityScan(basePackageClasses = Note.class)
@EnableJpaRepositories(basePackageClasses = NoteRepository.class)
public class EntityScanApplication {

}
