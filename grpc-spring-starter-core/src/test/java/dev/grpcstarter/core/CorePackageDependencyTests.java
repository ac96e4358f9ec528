package dev.grpcstarter.core;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the shape of core: one concern per package, dependencies pointing towards the
 * shared kernel ({@code call}), no cycles. docs/architecture.md draws the same table.
 */
class CorePackageDependencyTests {

	private static final String CORE = "dev.grpcstarter.core";

	/** Which core packages each core package may use; everything else is refused. */
	private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
			Map.entry("call", Set.of()),
			Map.entry("background", Set.of()),
			Map.entry("schema", Set.of()),
			Map.entry("audit", Set.of()),
			Map.entry("service", Set.of("call")),
			Map.entry("error", Set.of("call")),
			Map.entry("pipeline", Set.of("call", "service")),
			Map.entry("ratelimit", Set.of()),
			Map.entry("apikey", Set.of("call", "background", "ratelimit")),
			Map.entry("auth", Set.of("call", "background", "apikey", "service", "error", "ratelimit")),
			Map.entry("requestlog", Set.of("call", "background")),
			Map.entry("status", Set.of("call", "background")),
			Map.entry("validation", Set.of("call", "error")),
			Map.entry("web", Set.of("call")));

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(CORE);

	@Test
	void whenCorePackagesAreSlicedThenTheyHaveNoCycles() {
		slices().matching(CORE + ".(*)..").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void whenACorePackageUsesAnotherThenTheTableAllowsIt() {
		for (Map.Entry<String, Set<String>> entry : ALLOWED.entrySet()) {
			String[] refused = ALLOWED.keySet()
				.stream()
				.filter((other) -> !other.equals(entry.getKey()) && !entry.getValue().contains(other))
				.map((other) -> CORE + "." + other + "..")
				.toArray(String[]::new);
			noClasses().that()
				.resideInAPackage(CORE + "." + entry.getKey() + "..")
				.should()
				.dependOnClassesThat()
				.resideInAnyPackage(refused)
				.because("docs/architecture.md lists what " + entry.getKey() + " may use")
				.check(CLASSES);
		}
	}

	@Test
	void whenAPackageIsAddedThenTheTableNamesIt() {
		Set<String> packages = CLASSES.stream()
			.map((javaClass) -> javaClass.getPackageName())
			.filter((name) -> name.startsWith(CORE + "."))
			.map((name) -> name.substring(CORE.length() + 1).split("\\.")[0])
			.collect(Collectors.toSet());
		assertThat(ALLOWED.keySet()).containsAll(packages);
	}

	@Test
	void whenCoreIsBuiltThenItHoldsNoClientOrAutoConfigurationCode() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.grpcstarter.client..", "dev.grpcstarter.autoconfigure..", "dev.grpcstarter.admin..")
			.check(CLASSES);
	}

	@Test
	void whenTheKernelIsUsedThenItNeedsNoPersistence() {
		noClasses().that()
			.resideInAnyPackage(CORE + ".call..", CORE + ".background..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("jakarta.persistence..", "org.springframework.jdbc..", "org.springframework.orm..",
					"org.flywaydb..")
			.check(CLASSES);
	}

}
