package dev.grpcstarter.it;

import java.time.Duration;
import java.util.UUID;

import dev.grpcstarter.core.apikey.ApiKeyRepository;
import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.CreatedApiKey;
import dev.grpcstarter.core.apikey.NewApiKey;
import dev.grpcstarter.core.requestlog.RequestLogEntry;
import dev.grpcstarter.core.requestlog.RequestLogRepository;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import dev.grpcstarter.core.requestlog.RequestStatus;
import dev.grpcstarter.it.entityscan.EntityScanApplication;
import dev.grpcstarter.it.entityscan.Note;
import dev.grpcstarter.it.entityscan.NoteRepository;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with its own {@code @EntityScan} and {@code @EnableJpaRepositories},
 * both naming only its own package: Hibernate validates the starter's tables too, API keys
 * work, and the starter's repositories are registered beside the application's.
 */
@SpringBootTest(classes = EntityScanApplication.class)
class EntityScanIntegrationTests {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:entity-scan;DB_CLOSE_DELAY=-1");
		registry.add("spring.jpa.hibernate.ddl-auto", () -> "validate");
		registry.add("spring.flyway.locations", () -> "classpath:entityscan/db");
	}

	@Autowired
	ApplicationContext context;

	@Autowired
	ApiKeyService keys;

	@Autowired
	ApiKeyRepository apiKeys;

	@Autowired
	RequestLogRepository requestLog;

	@Autowired
	RequestLogWriter writer;

	@Autowired
	NoteRepository notes;

	@Test
	void whenTheApplicationScansOnlyItsOwnPackageThenTheStarterEntitiesAndRepositoriesStillWork() {
		CreatedApiKey created = this.keys.create(NewApiKey.of("scan", "sam"));
		assertThat(this.apiKeys.findById(created.key().id())).isPresent();
		String requestId = "scan-" + UUID.randomUUID();
		this.writer.accept(new RequestLogEntry(null, requestId, "i", "s.v1.S", "M", "unary", RequestStatus.SUCCESS,
				"OK", null, 1, null, null, false, null, null, 1, 1, 1, 1, java.time.Instant.now()));
		assertThat(this.writer.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(this.requestLog.findFirstByRequestIdOrderByIdDesc(requestId)).isPresent();
		this.notes.save(new Note("mine"));
		assertThat(this.notes.findAll()).extracting(Note::getText).contains("mine");
	}

	@Test
	void whenTheApplicationEnablesItsOwnRepositoriesThenTheStarterRegistersItsOwn() {
		assertThat(this.context.getBeanNamesForType(RequestLogRepository.class)).hasSize(1);
		assertThat(this.context.containsBean(
				"dev.grpcstarter.autoconfigure.jpa.GrpcDataJpaRepositoriesAutoConfiguration")).isTrue();
	}

}
