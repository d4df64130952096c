package io.t4t.cli;

import static io.t4t.cli.ExampleCopy.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import io.t4t.cli.ExampleCopy.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed example, {@code examples/t_project}, run through the CLI on a copy. */
class ExampleProjectTest {
  @TempDir Path dir;

  private ExampleCopy project;

  @BeforeEach
  void copyExample() {
    project = ExampleCopy.in(dir);
  }

  @Test
  void buildThenRunIsFullThenIncrementalMergeWithTheSeedsLogLines() {
    Result build = project.run("build");

    assertThat(build.exitCode()).as(build.toString()).isZero();
    assertThat(build.err())
        .contains("INFO - ExecutionEngine - Loaded seed main.source_table with 320 rows")
        .contains("INFO - ExecutionEngine - Executing model: " + MODEL)
        .contains("INFO - DuckDBAdapter - Created table: " + MODEL)
        .contains("INFO - ExecutionEngine - Successfully executed " + MODEL + " with 256 rows");

    Result run = project.run("run");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.err())
        .contains("INFO - ExecutionEngine - Executing model: " + MODEL)
        .contains(
            "INFO - tee.engine.incremental_executor - Running incremental merge for "
                + MODEL
                + " with auto start_date")
        .contains("INFO - DuckDBAdapter - Executed incremental merge")
        .doesNotContain("Created table");

    List<Map<String, String>> active = project.activeSeedRows();
    assertThat(active).hasSize(256);
    String maxUpdatedAt =
        active.stream()
            .map(r -> ExampleCopy.csvTime(r.get("updated_at")))
            .max(Comparator.naturalOrder())
            .orElseThrow()
            .format(ExampleCopy.ISO);
    assertThat(maxUpdatedAt).isEqualTo("2024-01-29T02:00:00");

    assertThat(project.queryWarehouse("SELECT count(*), count(DISTINCT id) FROM " + MODEL))
        .containsExactly(List.of("256", "256"));
    assertThat(
            project.queryState(
                "SELECT materialization, strategy, last_processed_value FROM tee_model_state"
                    + " WHERE model_name = '"
                    + MODEL
                    + "'"))
        .containsExactly(List.of("incremental", "merge", maxUpdatedAt));
  }

  @Test
  void planAndCompileOnAFreshCopyCreateNothing() {
    Result plan = project.run("plan");

    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    assertThat(plan.out()).contains(MODEL).contains("incremental merge").contains("FULL");
    assertThat(project.root.resolve("data")).doesNotExist();

    Result compile = project.run("compile");

    assertThat(compile.exitCode()).as(compile.toString()).isZero();
    assertThat(compile.out())
        .contains("-- " + MODEL + ": FULL")
        .contains("CREATE OR REPLACE TABLE \"my_schema\".\"incremental_example\"");
    assertThat(project.root.resolve("data")).doesNotExist();
  }

  @Test
  void stateShowAfterABuildPrintsTheModelsState() {
    assertThat(project.run("build").exitCode()).isZero();

    Result show = project.run("state show", MODEL);

    assertThat(show.exitCode()).as(show.toString()).isZero();
    assertThat(show.out())
        .contains("model_name: " + MODEL)
        .contains("materialization: incremental")
        .contains("last_processed_value: 2024-01-29T02:00:00")
        .contains("strategy: merge");
  }

  @Test
  void stateResetMakesTheNextPlanFull() {
    assertThat(project.run("build").exitCode()).isZero();
    Result before = project.run("plan");
    assertThat(before.exitCode()).as(before.toString()).isZero();
    assertThat(modelPlanLine(before.out())).contains("INCREMENTAL").doesNotContain("FULL");

    Result reset = project.run("state reset", "incremental_example");

    assertThat(reset.exitCode()).as(reset.toString()).isZero();
    assertThat(reset.out()).contains("Reset state of incremental_example");
    assertThat(project.queryState("SELECT count(*) FROM tee_model_state"))
        .containsExactly(List.of("0"));

    Result after = project.run("plan");

    assertThat(after.exitCode()).as(after.toString()).isZero();
    assertThat(modelPlanLine(after.out())).contains("FULL").doesNotContain("INCREMENTAL");
  }

  @Test
  void deleteInsertWithAStartDateVariableRunsTwiceWithoutDuplicates() {
    project.replace(
        ExampleCopy.PY, "metadata = metadata_merge", "metadata = metadata_delete_insert");
    String vars = "{\"start_date\": \"2024-01-10\"}";

    Result build = project.run("build", "--vars", vars);

    assertThat(build.exitCode()).as(build.toString()).isZero();
    assertThat(build.err()).contains("Created table: " + MODEL);

    Result run = project.run("run", "--vars", vars);

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.err())
        .contains(
            "INFO - tee.engine.incremental_executor - Running incremental delete_insert for "
                + MODEL
                + " with @start_date start_date")
        .contains(
            "INFO - tee.engine.incremental_executor - Resolved variable @start_date to 2024-01-10")
        .contains("INFO - DuckDBAdapter - Executed delete for table: " + MODEL)
        .contains("INFO - DuckDBAdapter - Executed insert for table: " + MODEL);

    LocalDateTime start = LocalDate.parse("2024-01-10").atStartOfDay();
    long expected =
        project.activeSeedRows().stream()
            .filter(r -> !ExampleCopy.csvTime(r.get("updated_at")).isBefore(start))
            .count();
    assertThat(expected).isPositive().isLessThan(256);
    assertThat(
            project.queryWarehouse(
                "SELECT id, count(*) FROM " + MODEL + " GROUP BY id HAVING count(*) > 1"))
        .isEmpty();
    assertThat(project.queryWarehouse("SELECT count(*) FROM " + MODEL))
        .containsExactly(List.of(String.valueOf(expected)));
    assertThat(
            project.queryState(
                "SELECT strategy FROM tee_model_state WHERE model_name = '" + MODEL + "'"))
        .containsExactly(List.of("delete_insert"));
  }

  @Test
  void aBuildOfTheCopyWritesInTheCopyAndNotInTheExampleFolder() throws Exception {
    Path example = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(example.resolve("examples/t_project"))) {
      example = example.getParent();
    }
    Map<Path, Long> before = modificationTimes(example.resolve("examples/t_project"));

    assertThat(project.run("build").exitCode()).isZero();

    assertThat(project.warehouseFile()).isRegularFile();
    assertThat(project.stateFile()).isRegularFile();
    assertThat(modificationTimes(example.resolve("examples/t_project"))).isEqualTo(before);
  }

  private static Map<Path, Long> modificationTimes(Path folder) throws Exception {
    Map<Path, Long> times = new TreeMap<>();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        times.put(p, Files.getLastModifiedTime(p).toMillis());
      }
    }
    return times;
  }

  private static String modelPlanLine(String planOut) {
    return planOut.lines().filter(l -> l.startsWith(MODEL)).findFirst().orElseThrow();
  }
}
