package io.t4t.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Each core package's {@code package-info.java} says, in one sentence starting "May depend on",
 * which other core packages it may use; this test holds the code to that sentence, so the
 * documentation a newcomer reads is the rule the build enforces.
 */
class PackageDependenciesTest {
  private static final Path SOURCES = Path.of("src/main/java/io/t4t/core");
  private static final Pattern ALLOWED = Pattern.compile("May depend on(.*?)\\.(\\s|$)");
  private static final Pattern CODE = Pattern.compile("\\{@code (?:io\\.t4t\\.core\\.)?([a-z.]+)}");
  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.t4t.core");

  @TestFactory
  Stream<DynamicTest> eachPackageDependsOnlyOnWhatItsPackageInfoAllows() throws IOException {
    Set<String> packages = packages();
    List<DynamicTest> tests = new ArrayList<>();
    for (String p : packages) {
      Set<String> allowed = allowed(p);
      Set<String> forbidden = new TreeSet<>(packages);
      forbidden.remove(p);
      forbidden.removeAll(allowed);
      tests.add(
          DynamicTest.dynamicTest(
              p,
              () -> {
                if (forbidden.isEmpty()) {
                  return;
                }
                noClasses()
                    .that()
                    .resideInAPackage("io.t4t.core." + p + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                        forbidden.stream()
                            .map(f -> "io.t4t.core." + f + "..")
                            .toArray(String[]::new))
                    .because("package-info of io.t4t.core." + p + " allows only " + allowed)
                    .check(CORE);
              }));
    }
    return tests.stream();
  }

  /** The sentences read as written: what a "never" or "only" clause names is not allowed. */
  @org.junit.jupiter.api.Test
  void theSentencesAreReadAsTheySay() throws IOException {
    assertThat(allowed("project")).containsExactly("error", "sql");
    assertThat(allowed("plan")).containsExactly("dialect", "error", "project", "sql");
    assertThat(allowed("roles")).doesNotContain("run");
    assertThat(allowed("engine")).doesNotContain("execute", "run");
    assertThat(allowed("error")).isEmpty();
    assertThat(allowed("run")).isEqualTo(packages());
  }

  /**
   * The top-level packages of core (a sub-package such as project.python belongs to its parent).
   */
  private static Set<String> packages() throws IOException {
    Set<String> packages = new TreeSet<>();
    try (Stream<Path> dirs = Files.list(SOURCES)) {
      dirs.filter(Files::isDirectory).forEach(d -> packages.add(d.getFileName().toString()));
    }
    return packages;
  }

  private static Set<String> allowed(String p) throws IOException {
    Path info = SOURCES.resolve(p).resolve("package-info.java");
    assertThat(info).as("package-info of io.t4t.core.%s", p).exists();
    String text = Files.readString(info).replaceAll("\\s*\\n\\s*\\*\\s*", " ");
    Matcher m = ALLOWED.matcher(text);
    assertThat(m.find())
        .as("%s says which core packages it may depend on (\"May depend on ...\")", info)
        .isTrue();
    // the list ends where the sentence turns to what is not allowed ("; ...", ": never ...")
    String list = m.group(1).replaceFirst("^:", "").trim().split(";|:|\\bnever\\b", 2)[0];
    Set<String> allowed = new TreeSet<>();
    if (list.startsWith("every other core package")) {
      allowed.addAll(packages());
      return allowed;
    }
    Matcher code = CODE.matcher(list);
    while (code.find()) {
      allowed.add(code.group(1));
    }
    return allowed;
  }
}
