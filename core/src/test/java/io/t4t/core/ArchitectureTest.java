package io.t4t.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The core stays framework-free, its packages form no cycle, and strategies and dialects stay
 * independent axes.
 */
class ArchitectureTest {
  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.t4t.core");

  @Test
  void coreImportsNoFrameworkNorKafka() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.quarkus..",
            "jakarta.inject..",
            "jakarta.enterprise..",
            "org.apache.kafka..",
            "io.smallrye..")
        .check(CORE);
  }

  /** A package's dependencies go one way (package-info says which): none leads back to it. */
  @Test
  void packagesFormNoCycles() {
    com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices()
        .matching("io.t4t.core.(*)..")
        .should()
        .beFreeOfCycles()
        .check(CORE);
  }

  /**
   * The roles work through a {@link io.t4t.core.execute.WarehouseSession}, never through the CLI's
   * one-process wiring: a service opens a session for its project without loading anything else.
   */
  @Test
  void rolesDoNotDependOnTheOneProcessRun() {
    noClasses()
        .that()
        .resideInAPackage("io.t4t.core.roles..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.t4t.core.run..")
        .check(CORE);
  }

  @Test
  void strategiesNeverNameAnEngineAndDialectsNeverNameAStrategy() {
    noClasses()
        .that()
        .resideInAPackage("io.t4t.core.strategy..")
        .should()
        .dependOnClassesThat()
        .haveSimpleNameStartingWith("DuckDb")
        .check(CORE);
    noClasses()
        .that()
        .resideInAPackage("io.t4t.core.dialect..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.t4t.core.strategy..", "io.t4t.core.plan..", "io.t4t.core.execute..")
        .check(CORE);
  }
}
