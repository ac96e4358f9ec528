package dev.grpcstarter.autoconfigure;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Keeps the auto-configuration module shaped like core: one package per concern, no
 * cycles, nothing of core depending back on it, and auto-configurations that are final.
 */
class AutoConfigurationPackageDependencyTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.grpcstarter.autoconfigure", "dev.grpcstarter.core");

	@Test
	void whenAutoConfigurationPackagesAreSlicedThenTheyHaveNoCycles() {
		slices().matching("dev.grpcstarter.autoconfigure.(*)..").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void whenCoreIsBuiltThenItDoesNotKnowItsAutoConfiguration() {
		noClasses().that()
			.resideInAPackage("dev.grpcstarter.core..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.grpcstarter.autoconfigure..")
			.check(CLASSES);
	}

	@Test
	void whenAClassIsAnAutoConfigurationThenItIsPublicAndFinal() {
		classes().that()
			.areAnnotatedWith("org.springframework.boot.autoconfigure.AutoConfiguration")
			.should()
			.haveModifier(JavaModifier.FINAL)
			.andShould()
			.bePublic()
			.check(CLASSES);
	}

	@Test
	void whenAutoConfigurationIsBuiltThenItHoldsNoDynamicClientCode() {
		noClasses().that()
			.resideInAPackage("dev.grpcstarter.autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.grpcstarter.client..")
			.because("dynamic invocation is client code: the CLI and the admin use it, the server does not")
			.check(CLASSES);
	}

}
