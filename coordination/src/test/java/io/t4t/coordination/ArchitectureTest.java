package io.t4t.coordination;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The coordination topology is framework-free: the planner-service and t4t serve share it. */
class ArchitectureTest {
  @Test
  void theTopologyNeedsKafkaStreamsOnlyNoFramework() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.quarkus..",
            "jakarta.inject..",
            "jakarta.enterprise..",
            "io.smallrye..",
            "io.t4t.runtime..",
            "io.t4t.planner..")
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.t4t.coordination"));
  }
}
