package io.t4t.cli;

import static io.t4t.cli.ExampleCopy.MODEL;
import static io.t4t.cli.ExampleCopy.SQL;
import static org.assertj.core.api.Assertions.assertThat;

import io.t4t.cli.ExampleCopy.Result;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code t4t backfill} and {@code t4t runs} on a copy of the seed example. */
class RunsCommandTest {
  @TempDir Path dir;

  @Test
  void backfillReloadsTheWindowAndRunsListsItNewestFirst() {
    ExampleCopy project = ExampleCopy.in(dir);
    assertThat(project.run("build").exitCode()).isZero();
    List<List<String>> before = project.queryWarehouse("SELECT count(*) FROM " + MODEL);

    Result backfill =
        project.run(
            "backfill", MODEL, "--start", "2024-01-02 00:00:00", "--end", "2024-01-03 00:00:00");

    assertThat(backfill.exitCode()).as(backfill.toString()).isZero();
    assertThat(backfill.out())
        .contains(
            MODEL
                + ": succeeded (backfill [2024-01-02 00:00:00, 2024-01-03 00:00:00), inserted 6,"
                + " updated 0, deleted 6)");
    assertThat(project.queryWarehouse("SELECT count(*) FROM " + MODEL)).isEqualTo(before);

    Result runs = project.run("runs");

    assertThat(runs.exitCode()).as(runs.toString()).isZero();
    List<String> lines = runs.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0))
        .startsWith("applied_at")
        .contains("model", "kind", "window", "inserted", "updated", "deleted", "ms", "outcome");
    assertThat(lines.get(1))
        .contains(MODEL, "backfill", "[2024-01-02 00:00:00, 2024-01-03 00:00:00)", "applied")
        .containsPattern(" 6 +0 +6 +\\d+ +applied$");
    assertThat(lines.get(2)).contains(MODEL, "full", " 256 ", "applied");

    Result one = project.run("runs", MODEL, "--limit", "1");
    assertThat(one.out().lines().toList()).hasSize(2);
    assertThat(one.out().lines().toList().get(1)).contains("backfill");
  }

  /** A failed run left no ledger row, but {@code t4t runs} lists it with its outcome and error. */
  @Test
  void runsListsAFailedRunWithItsOutcomeAndErrorAmongTheAppliedOnes() {
    ExampleCopy project = ExampleCopy.in(dir);
    assertThat(project.run("build").exitCode()).isZero();
    // a cast the engine refuses on the rows: the rebuild for the changed SQL fails and rolls back
    project.replace(SQL, "WHERE status = 'active'", "WHERE CAST(name AS INTEGER) > 0");

    Result failed = project.run("run");

    assertThat(failed.exitCode()).as(failed.toString()).isNotZero();
    Result runs = project.run("runs");
    assertThat(runs.exitCode()).as(runs.toString()).isZero();
    List<String> lines = runs.out().lines().toList();
    assertThat(lines).as(runs.out()).hasSize(3);
    assertThat(lines.get(0)).containsPattern("outcome +error$");
    assertThat(lines.get(1))
        .contains(MODEL, " full ", " failed ", "SQL_ERROR: Cannot run model " + MODEL + ": ")
        .containsPattern(" - +- +- +\\d+ +failed +SQL_ERROR");
    assertThat(lines.get(2)).contains(MODEL, "full", " 256 ").endsWith("applied");

    Result one = project.run("runs", MODEL, "--limit", "1");
    assertThat(one.out().lines().toList()).hasSize(2);
    assertThat(one.out().lines().toList().get(1)).contains("failed");
  }
}
