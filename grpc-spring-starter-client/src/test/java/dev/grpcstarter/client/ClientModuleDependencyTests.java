package dev.grpcstarter.client;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The dynamic-invocation client is what grpc-call and the admin's explorer run: plain
 * grpc-java and protobuf, nothing of the server side.
 */
class ClientModuleDependencyTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.grpcstarter.client");

	@Test
	void whenTheClientIsBuiltThenItUsesNoServerCodeSpringOrPersistence() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.grpcstarter.core..", "dev.grpcstarter.autoconfigure..", "org.springframework..",
					"jakarta.persistence..", "org.hibernate..", "org.flywaydb..", "com.github.benmanes.caffeine..",
					"io.github.bucket4j..")
			.check(CLASSES);
	}

}
