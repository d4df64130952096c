package io.t4t.core.behaviour;

import static io.t4t.core.testing.TestModels.incremental;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.t4t.core.error.InvalidInputException;
import io.t4t.core.execute.Executor;
import io.t4t.core.execute.RunOutcome;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.plan.RunMode;
import io.t4t.core.plan.TargetInfo;
import io.t4t.core.project.ProjectLoader;
import io.t4t.core.roles.RunOptions;
import io.t4t.core.roles.RunSummary;
import io.t4t.core.run.ProjectRunner;
import io.t4t.core.state.DuckDbStateStore;
import io.t4t.core.state.StateStore;
import io.t4t.events.ErrorCode;
import io.t4t.events.ModelState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour of every materialization and strategy, run unchanged on each engine. A subclass
 * provides the engine: its {@code [connection]}, how to run SQL against it, and its capabilities.
 * Source data lives in {@code raw.events (id, name, ts, amount)}; models live in schema {@code an}.
 */
public abstract class BehaviourSuite {

  @TempDir protected Path dir;

  /** The {@code [connection]} table for a project in {@code dir}. */
  protected abstract String connectionToml(Path dir);

  /**
   * What this engine is expected to support, written out per engine (Trino's {@code hasBehavior}
   * style) rather than read from the dialect under test: a wrongly declared capability then fails
   * {@link #theDialectDeclaresWhatTheEngineIsExpectedToSupport} instead of silently switching which
   * path the other cases test.
   */
  protected abstract java.util.Set<io.t4t.core.dialect.Capability> expectedCapabilities();

  /** Whether the engine is expected to support {@code capability}; cases switch on this. */
  protected final boolean hasBehavior(io.t4t.core.dialect.Capability capability) {
    return expectedCapabilities().contains(capability);
  }

  @Test
  void theDialectDeclaresWhatTheEngineIsExpectedToSupport() throws IOException {
    model("m", SELECT, null);
    var dialect = io.t4t.core.run.Engine.dialect(ProjectLoader.load(dir));
    assertThat(dialect.capabilities())
        .as("capabilities declared by %s", dialect.getClass().getSimpleName())
        .containsExactlyInAnyOrderElementsOf(expectedCapabilities());
  }

  /** A connection to the warehouse, for setting up and reading data outside t4t. */
  protected abstract java.sql.Connection connect() throws java.sql.SQLException;

  /** Runs statements against the warehouse (outside t4t). */
  protected void sql(String... statements) {
    try (java.sql.Connection c = connect()) {
      for (String s : statements) {
        try (java.sql.Statement st = c.createStatement()) {
          st.execute(s);
        }
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs a query against the warehouse and returns rows as strings ("a|b"), sorted. */
  protected List<String> rows(String query) {
    try (java.sql.Connection c = connect();
        java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery(query)) {
      List<String> out = new java.util.ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> cells = new java.util.ArrayList<>();
        for (int i = 1; i <= n; i++) {
          cells.add(rs.getString(i));
        }
        out.add(String.join("|", cells));
      }
      java.util.Collections.sort(out);
      return out;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeEach
  void createProject() throws IOException {
    Files.createDirectories(dir.resolve("models/an"));
    Files.writeString(
        dir.resolve("project.toml"),
        "project_folder = \"p\"\n\n"
            + connectionToml(dir)
            + "\n[flags]\nmaterialization_change_behavior = \"warn\"\n");
    sql(
        "CREATE SCHEMA IF NOT EXISTS raw",
        "DROP TABLE IF EXISTS raw.events",
        "CREATE TABLE raw.events (id INTEGER, name VARCHAR(20), ts TIMESTAMP, amount INTEGER)");
  }

  // ---- fixture helpers ----

  protected void model(String name, String sql, String metadata) {
    try {
      Files.writeString(dir.resolve("models/an/" + name + ".sql"), sql);
      Path py = dir.resolve("models/an/" + name + ".py");
      if (metadata == null) {
        Files.deleteIfExists(py);
      } else {
        Files.writeString(
            py,
            "from tee.typing import ModelMetadata\n\nmetadata: ModelMetadata = " + metadata + "\n");
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Inserts rows into raw.events in one statement (a statement costs ~0.3 s on Trino), casting each
   * value: the timestamps are written as text, which not every engine coerces by itself.
   */
  protected void events(String... rows) {
    sql(
        "INSERT INTO raw.events SELECT CAST(id AS INTEGER), CAST(name AS VARCHAR(20)), CAST(ts AS"
            + " TIMESTAMP), CAST(amount AS INTEGER) FROM (VALUES ("
            + String.join("), (", rows)
            + ")) AS t4t_rows (id, name, ts, amount)");
  }

  protected RunSummary run() {
    return run(RunOptions.defaults());
  }

  protected RunSummary run(Map<String, Object> vars) {
    return run(new RunOptions(vars, List.of(), List.of(), false));
  }

  protected RunSummary run(RunOptions options) {
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(dir))) {
      return io.t4t.core.roles.LocalRun.run(r.session(), options);
    }
  }

  protected List<ModelRun> plan() {
    try (ProjectRunner r = ProjectRunner.openReadOnly(ProjectLoader.load(dir))) {
      return r.plan(RunOptions.defaults());
    }
  }

  /** What {@code data/tee_state.db} holds, read directly. */
  protected Map<String, ModelState> stateFile() {
    try (StateStore s = DuckDbStateStore.open(dir.resolve("data/tee_state.db"))) {
      return s.all();
    }
  }

  protected Map<String, ModelState> state() {
    try (ProjectRunner r = ProjectRunner.openReadOnly(ProjectLoader.load(dir))) {
      return r.state();
    }
  }

  protected RunOutcome outcome(RunSummary s, String model) {
    return s.outcomes().stream()
        .filter(o -> o.model().toString().equals(model))
        .findFirst()
        .orElseThrow();
  }

  protected List<String> table(String name) {
    return rows("SELECT id, name, ts, amount FROM an." + name);
  }

  private static final String SELECT = "SELECT id, name, ts, amount FROM raw.events";

  // ---- 1. first run ----

  @Test
  void firstRunOfAppendLoadsOnlyRowsFromTheLiteralStart() {
    events(
        "1, 'a', '2023-12-31 23:00:00', 1",
        "2, 'b', '2024-01-01 00:00:00', 2",
        "3, 'c', '2024-01-02 00:00:00', 3");
    model("m", SELECT, incremental("append", "'time_column': 'ts', 'start_date': '2024-01-01'"));
    RunSummary s = run();
    assertThat(s.ok()).isTrue();
    assertThat(rows("SELECT id FROM an.m")).containsExactly("2", "3");
    assertThat(outcome(s, "an.m").rowsWritten()).isEqualTo(2);
  }

  // ---- 2. watermark ----

  @Test
  void watermarkIsTheMaximumLoadedValueNeverTheWallClock() {
    events("1, 'a', '2020-05-01 10:00:00', 1", "2, 'b', '2020-05-03 12:30:00', 2");
    model("m", SELECT, incremental("append", "'time_column': 'ts'"));
    run();
    assertThat(state().get("an.m").lastProcessedValue()).isEqualTo("2020-05-03T12:30:00");
    events("3, 'c', '2020-05-04 00:00:00', 3");
    run();
    assertThat(state().get("an.m").lastProcessedValue()).isEqualTo("2020-05-04T00:00:00");
    run(); // nothing new: the watermark stays
    assertThat(state().get("an.m").lastProcessedValue()).isEqualTo("2020-05-04T00:00:00");
    assertThat(rows("SELECT id FROM an.m")).containsExactly("1", "2", "3");
  }

  @Test
  void aRowOlderThanTheWatermarkAndOutsideTheLookbackIsNotReread() {
    events("1, 'a', '2024-01-10 00:00:00', 1");
    model("m", SELECT, incremental("append", "'time_column': 'ts', 'lookback': '1 day'"));
    run();
    events(
        "2, 'late-in-window', '2024-01-09 12:00:00', 2", "3, 'too-late', '2024-01-08 00:00:00', 3");
    run();
    assertThat(rows("SELECT id FROM an.m")).containsExactly("1", "2");
  }

  // ---- lookback, the same for every strategy ----

  @Test
  void lookbackPicksUpLateRowsForEveryStrategy() {
    events("1, 'a', '2024-01-10 00:00:00', 1", "2, 'b', '2024-01-10 06:00:00', 2");
    model("app", SELECT, incremental("append", "'time_column': 'ts', 'lookback': '3 hours'"));
    model(
        "mrg",
        SELECT,
        incremental("merge", "'unique_key': ['id'], 'time_column': 'ts', 'lookback': '3 hours'"));
    model("di", SELECT, incremental("delete_insert", "'time_column': 'ts', 'lookback': '3 hours'"));
    assertThat(run().ok()).isTrue();
    // late row 2 hours before the watermark, and a correction of row 2 (same key, later value)
    events("3, 'late', '2024-01-10 04:00:00', 3");
    sql("UPDATE raw.events SET amount = 20 WHERE id = 2");
    RunSummary s = run();
    assertThat(s.ok()).isTrue();
    for (String m : List.of("app", "mrg", "di")) {
      assertThat(
              plan().stream()
                  .filter(r -> r.name().toString().equals("an." + m))
                  .findFirst()
                  .orElseThrow()
                  .windowText())
          .as(m)
          .contains("ts > ")
          .contains("2024-01-10")
          .contains("06:00:00");
      assertThat(rows("SELECT id FROM an." + m)).as(m).contains("3");
    }
    assertThat(rows("SELECT id, amount FROM an.mrg")).containsExactly("1|1", "2|20", "3|3");
    assertThat(rows("SELECT id, amount FROM an.di")).containsExactly("1|1", "2|20", "3|3");
    // append keeps history: the corrected row arrives as a new row, the unchanged row does not
    // repeat
    assertThat(rows("SELECT id, amount FROM an.app")).containsExactly("1|1", "2|2", "2|20", "3|3");
  }

  @Test
  void everyTemporalTypeAndIntegersWorkAsTimeColumns() {
    sql(
        "CREATE TABLE raw.typed (id INTEGER, d DATE, tz TIMESTAMP WITH TIME ZONE, n BIGINT)",
        "INSERT INTO raw.typed VALUES (1, DATE '2024-01-10', CAST("
            + "'2024-01-10 10:00:00+00:00' AS TIMESTAMP WITH TIME ZONE), 100)");
    String typed = "SELECT id, d, tz, n FROM raw.typed";
    model(
        "by_date",
        typed,
        incremental("merge", "'unique_key': ['id'], 'time_column': 'd', 'lookback': '2 days'"));
    model(
        "by_tz",
        typed,
        incremental("merge", "'unique_key': ['id'], 'time_column': 'tz', 'lookback': '2 hours'"));
    model("by_n", typed, incremental("append", "'time_column': 'n'"));
    // a lookback shorter than a day on a DATE column
    model(
        "by_date_h",
        typed,
        incremental("merge", "'unique_key': ['id'], 'time_column': 'd', 'lookback': '12 hours'"));
    assertThat(run().ok()).isTrue();
    sql(
        "INSERT INTO raw.typed VALUES (2, DATE '2024-01-09', CAST('2024-01-10 09:00:00+00:00'"
            + " AS TIMESTAMP WITH TIME ZONE), 99), (3, DATE '2024-01-11', CAST('2024-01-10"
            + " 11:00:00+00:00' AS TIMESTAMP WITH TIME ZONE), 101)");
    assertThat(run().ok()).isTrue();
    assertThat(rows("SELECT id FROM an.by_date")).containsExactly("1", "2", "3");
    assertThat(rows("SELECT id FROM an.by_tz")).containsExactly("1", "2", "3");
    assertThat(rows("SELECT id FROM an.by_n")).containsExactly("1", "3");
    assertThat(rows("SELECT id FROM an.by_date_h")).containsExactly("1", "3");
    assertThat(state().get("an.by_n").lastProcessedValue()).isEqualTo("101");
    assertThat(state().get("an.by_date").lastProcessedValue()).isEqualTo("2024-01-11");
    // a lookback cannot be subtracted from a number
    model("by_n", typed, incremental("append", "'time_column': 'n', 'lookback': '1 day'"));
    run(new RunOptions(Map.of(), List.of(), List.of(), true));
    RunOutcome o = outcome(run(), "an.by_n");
    assertThat(o.errorCode()).isEqualTo(ErrorCode.INVALID_MODEL);
    assertThat(o.message()).contains("Cannot apply lookback '1 day' to an.by_n").contains("BIGINT");
  }

  // ---- auto start on an empty target ----

  @Test
  void autoStartOnAnExistingEmptyTargetLoadsEverything() {
    model(
        "m",
        SELECT,
        incremental("merge", "'unique_key': ['id'], 'time_column': 'ts', 'start_date': 'auto'"));
    run(); // empty source: empty target, no watermark
    assertThat(rows("SELECT count(*) FROM an.m")).containsExactly("0");
    events("1, 'a', '2001-01-01 00:00:00', 1", "2, 'b', '2002-01-01 00:00:00', 2");
    assertThat(plan().get(0).mode()).isEqualTo(RunMode.INCREMENTAL);
    run();
    assertThat(rows("SELECT id FROM an.m")).containsExactly("1", "2");
    // the table is emptied behind t4t's back although state has a watermark: load everything again
    sql("DELETE FROM an.m", "DELETE FROM raw.events WHERE id = 2");
    events("3, 'c', '1999-01-01 00:00:00', 3");
    run();
    assertThat(rows("SELECT id FROM an.m")).containsExactly("1", "3");
    // the watermark describes what was reloaded, not the rows that are gone
    assertThat(state().get("an.m").lastProcessedValue()).isEqualTo("2001-01-01T00:00:00");
    events("4, 'd', '2001-06-01 00:00:00', 4");
    run();
    assertThat(rows("SELECT id FROM an.m")).containsExactly("1", "3", "4");
  }

  // ---- append + lookback never duplicates ----

  @Test
  void appendWithLookbackAddsLateRowsButNeverDuplicates() {
    events(
        "1, 'a', '2024-01-10 00:00:00', 1",
        "1, 'a', '2024-01-10 00:00:00', 1",
        "2, 'b', '2024-01-10 05:00:00', 2");
    model("m", SELECT, incremental("append", "'time_column': 'ts', 'lookback': '1 day'"));
    run();
    run();
    run();
    // true duplicates in the source keep their count; reruns add nothing
    assertThat(table("m")).hasSize(3);
    events("4, 'late', '2024-01-09 12:00:00', 4");
    RunSummary s = run();
    assertThat(outcome(s, "an.m").rowsWritten()).isEqualTo(1);
    assertThat(rows("SELECT id FROM an.m")).containsExactly("1", "1", "2", "4");
  }

  // ---- merge: duplicates and NULL keys ----

  @Test
  void mergeFailsOnDuplicateKeysInTheDeltaNamingThemAndChangesNothing() {
    events("1, 'a', '2024-01-10 00:00:00', 1");
    model("m", SELECT, incremental("merge", "'unique_key': ['id'], 'time_column': 'ts'"));
    run();
    List<String> before = table("m");
    Map<String, ModelState> stateBefore = state();
    events(
        "7, 'x', '2024-01-11 00:00:00', 1",
        "7, 'y', '2024-01-11 01:00:00', 2",
        "9, 'z', '2024-01-12 00:00:00', 1");
    RunSummary s = run();
    RunOutcome o = outcome(s, "an.m");
    assertThat(o.status()).isEqualTo(RunOutcome.Status.FAILED);
    assertThat(o.errorCode()).isEqualTo(ErrorCode.DUPLICATE_KEYS);
    assertThat(o.message())
        .contains("Cannot merge into an.m")
        .contains("MERGE_TARGET_ROW_MULTIPLE_MATCHES")
        .contains("on_duplicate_keys")
        .endsWith("Duplicate keys: 7");
    assertThat(table("m")).isEqualTo(before);
    assertThat(state()).isEqualTo(stateBefore);
  }

  @Test
  void mergeCanKeepTheLatestRowPerKey() {
    events("1, 'a', '2024-01-10 00:00:00', 1");
    model(
        "m",
        SELECT,
        incremental(
            "merge",
            "'unique_key': ['id'], 'time_column': 'ts', 'on_duplicate_keys': 'keep_latest'"));
    run();
    events(
        "1, 'newer', '2024-01-11 00:00:00', 2",
        "1, 'newest', '2024-01-12 00:00:00', 3",
        "2, 'b', '2024-01-11 00:00:00', 4");
    assertThat(run().ok()).isTrue();
    assertThat(rows("SELECT id, name FROM an.m")).containsExactly("1|newest", "2|b");
    // a tie on the latest time cannot be resolved
    events("3, 'p', '2024-01-13 00:00:00', 5", "3, 'q', '2024-01-13 00:00:00', 6");
    RunOutcome o = outcome(run(), "an.m");
    assertThat(o.errorCode()).isEqualTo(ErrorCode.DUPLICATE_KEYS);
    assertThat(o.message()).contains("several rows share the latest ts").endsWith("Keys: 3");
  }

  @Test
  void mergeKeepingTheLatestRowAlsoAppliesToTheFirstBuild() {
    events(
        "1, 'old', '2024-01-10 00:00:00', 1",
        "1, 'new', '2024-01-11 00:00:00', 2",
        "2, 'b', '2024-01-10 00:00:00', 3");
    model(
        "m",
        SELECT,
        incremental(
            "merge",
            "'unique_key': ['id'], 'time_column': 'ts', 'on_duplicate_keys': 'keep_latest'"));
    assertThat(run().ok()).isTrue();
    assertThat(rows("SELECT id, name, amount FROM an.m")).containsExactly("1|new|2", "2|b|3");
    assertThat(
            rows(
                "SELECT count(*) FROM information_schema.columns WHERE table_name = 'm' AND table_schema = 'an'"))
        .containsExactly("4");
  }

  @Test
  void aChangedUniqueKeyRebuildsTheTableAndTheNewKeyIsTheOneMergedOn() {
    events("1, 'a', '2024-01-10 00:00:00', 1", "2, 'b', '2024-01-10 00:00:00', 2");
    model("m", SELECT, incremental("merge", "'unique_key': ['id'], 'time_column': 'ts'"));
    assertThat(run().ok()).isTrue();
    model("m", SELECT, incremental("merge", "'unique_key': ['name'], 'time_column': 'ts'"));
    assertThat(plan().get(0).reason()).isEqualTo("config changed");
    assertThat(run().ok()).isTrue(); // rebuilt with the same columns
    events("3, 'a', '2024-01-11 00:00:00', 3");
    RunSummary s = run();
    assertThat(s.ok()).as(String.valueOf(s.outcomes())).isTrue();
    assertThat(rows("SELECT id, name FROM an.m")).containsExactly("2|b", "3|a");
  }

  @Test
  void aMergeWhoseColumnsAreAllKeysStillRefusesAKeyTwice() {
    events("1, 'a', '2024-01-10 00:00:00', 1");
    model(
        "m",
        "SELECT id, ts FROM raw.events",
        incremental("merge", "'unique_key': ['id', 'ts'], 'time_column': 'ts'"));
    assertThat(run().ok()).isTrue();
    events("2, 'x', '2024-01-11 00:00:00', 1", "2, 'y', '2024-01-11 00:00:00', 2");
    RunOutcome o = outcome(run(), "an.m");
    assertThat(o.errorCode()).isEqualTo(ErrorCode.DUPLICATE_KEYS);
    assertThat(rows("SELECT id FROM an.m")).containsExactly("1");
  }

  @Test
  void mergeRejectsNullKeys() {
    events("1, 'a', '2024-01-10 00:00:00', 1");
    model("m", SELECT, incremental("merge", "'unique_key': ['id'], 'time_column': 'ts'"));
    run();
    events("NULL, 'n', '2024-01-11 00:00:00', 1");
    RunOutcome o = outcome(run(), "an.m");
    assertThat(o.errorCode()).isEqualTo(ErrorCode.NULL_KEYS);
    assertThat(o.message()).contains("unique key [id] is NULL");
    assertThat(rows("SELECT id FROM an.m")).containsExactly("1");
  }

  @Test
  void mergeFullBuildAlsoRefusesDuplicateKeys() {
    events("1, 'a', '2024-01-10 00:00:00', 1", "1, 'b', '2024-01-11 00:00:00', 1");
    model("m", SELECT, incremental("merge", "'unique_key': ['id'], 'time_column': 'ts'"));
    RunOutcome o = outcome(run(), "an.m");
    assertThat(o.errorCode()).isEqualTo(ErrorCode.DUPLICATE_KEYS);
    assertThat(o.message()).endsWith("Duplicate keys: 1");
    assertThat(rows("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'an'"))
        .containsExactly("0");
    assertThat(state()).doesNotContainKey("an.m");
  }

  // ---- delete_insert and variables ----

  @Test
  void deleteInsertBindsVariablesAsValuesNotText() {
    events("1, 'a', '2024-01-05 00:00:00', 1", "2, 'b', '2024-01-15 00:00:00', 2");
    model(
        "m",
        SELECT,
        incremental(
            "delete_insert",
            "'where_condition': 'ts >= @start_date', 'time_column': 'ts', 'start_date': '@start_date'"));
    run(Map.of("start_date", "2024-01-01"));
    sql("UPDATE raw.events SET amount = 20 WHERE id = 2");
    RunSummary s = run(Map.of("start_date", "2024-01-10"));
    assertThat(s.ok()).isTrue();
    assertThat(rows("SELECT id, amount FROM an.m")).containsExactly("1|1", "2|20");
    // a value that looks like SQL stays a value: it matches nothing and drops nothing
    model(
        "n",
        "SELECT id, name, ts, amount FROM raw.events WHERE name <> @who",
        incremental("delete_insert", "'where_condition': 'name = @who', 'time_column': 'ts'"));
    Map<String, Object> evil =
        Map.of("start_date", "2024-01-10", "who", "x'; DROP TABLE raw.events; --");
    assertThat(run(evil).ok()).isTrue();
    assertThat(run(evil).ok()).isTrue();
    assertThat(rows("SELECT count(*) FROM raw.events")).containsExactly("2");
    assertThat(rows("SELECT id FROM an.n")).containsExactly("1", "2");
  }

  @Test
  void aMissingVariableFailsBeforeAnythingRuns() {
    events("1, 'a', '2024-01-05 00:00:00', 1");
    model("first", SELECT, null);
    model(
        "m",
        SELECT,
        incremental(
            "delete_insert",
            "'where_condition': 'ts >= @start_date', 'time_column': 'ts', 'start_date': '@start_date'"));
    assertThatThrownBy(() -> run(Map.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Cannot run an.m: variable 'start_date' is not set")
        .hasMessageContaining("--vars");
    assertThat(rows("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'an'"))
        .containsExactly("0");
    assertThat(state()).isEmpty();
  }

  // ---- atomicity ----

  @Test
  void aFailedFullRebuildKeepsTheOldTableAndState() {
    events("1, 'a', '2024-01-05 00:00:00', 1");
    model("m", SELECT, null);
    run();
    Map<String, ModelState> before = state();
    model("m", "SELECT id, no_such_column FROM raw.events", null);
    RunOutcome o = outcome(run(), "an.m");
    assertThat(o.errorCode()).isEqualTo(ErrorCode.SQL_ERROR);
    assertThat(o.message()).startsWith("Cannot run model an.m:").contains("no_such_column");
    assertThat(rows("SELECT id, name, amount FROM an.m")).containsExactly("1|a|1");
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void stateLostAfterTheTargetCommitIsRecoveredFromTheLedger() throws IOException {
    events("1, 'a', '2024-01-05 00:00:00', 1");
    model("m", SELECT, incremental("append", "'time_column': 'ts'"));
    run();
    Path stateFile = dir.resolve("data/tee_state.db");
    Path saved = dir.resolve("saved-state.db");
    Files.copy(stateFile, saved);
    events("2, 'b', '2024-01-06 00:00:00', 2");
    run();
    // simulate a crash after the target committed but before the state write: old state file
    Files.copy(saved, stateFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.deleteIfExists(dir.resolve("data/tee_state.db.wal"));
    assertThat(stateFile().get("an.m").lastProcessedValue()).isEqualTo("2024-01-05T00:00:00");
    // planning reads the ledger, so the lost state write changes nothing ...
    assertThat(state().get("an.m").lastProcessedValue()).isEqualTo("2024-01-06T00:00:00");
    run();
    assertThat(rows("SELECT id FROM an.m")).containsExactly("1", "2");
    // ... and the next run rewrites the state file from the ledger
    assertThat(stateFile()).isEqualTo(state());
    assertThat(stateFile().get("an.m").lastProcessedValue()).isEqualTo("2024-01-06T00:00:00");
  }

  @Test
  void stateFollowsTheWarehouseItDescribes() throws IOException {
    events("1, 'a', '2024-06-30 00:00:00', 1");
    model("m", SELECT, incremental("append", "'time_column': 'ts'"));
    run();
    assertThat(stateFile().get("an.m").lastProcessedValue()).isEqualTo("2024-06-30T00:00:00");
    // the warehouse is replaced by one with older data; the state file stays behind
    sql("DROP TABLE an.m", "DROP SCHEMA _t4t CASCADE", "DELETE FROM raw.events");
    events("2, 'b', '2024-03-01 00:00:00', 2");
    assertThat(plan().get(0).mode()).isEqualTo(RunMode.FULL);
    run();
    events("3, 'c', '2024-04-01 00:00:00', 3");
    run(); // a stale watermark of 2024-06-30 would skip this row
    assertThat(rows("SELECT id FROM an.m")).containsExactly("2", "3");
    assertThat(stateFile().get("an.m").lastProcessedValue()).isEqualTo("2024-04-01T00:00:00");
  }

  @Test
  void aRunDeliveredTwiceHasNoSecondEffect() {
    events("1, 'a', '2024-01-05 00:00:00', 1");
    model("m", SELECT, incremental("append", "'time_column': 'ts', 'start_date': 'auto'"));
    run();
    events("2, 'b', '2024-01-06 00:00:00', 2");
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(dir))) {
      ModelRun planned = r.plan(RunOptions.defaults()).get(0);
      Executor executor = new Executor(r.warehouse());
      assertThat(executor.execute(planned, "run-42").status())
          .isEqualTo(RunOutcome.Status.SUCCEEDED);
      RunOutcome again = executor.execute(planned, "run-42");
      assertThat(again.status()).isEqualTo(RunOutcome.Status.ALREADY_APPLIED);
      assertThat(again.rowsWritten()).isEqualTo(1);
    }
    assertThat(rows("SELECT id FROM an.m")).containsExactly("1", "2");
  }

  /**
   * Without transactions (Trino) a model's data commits before its ledger row: a crash between the
   * two leaves the run unrecorded, and its redelivery applies it again. That second application
   * must change nothing more, for every strategy and for a rebuild.
   */
  @Test
  void aRunWhoseLedgerRowWasLostChangesNothingMoreWhenAppliedAgain() {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        hasBehavior(io.t4t.core.dialect.Capability.TRANSACTIONS),
        "data and ledger row commit together on this engine");
    events("1, 'a', '2024-01-05 00:00:00', 1", "2, 'b', '2024-01-05 00:00:00', 2");
    model("app", SELECT, incremental("append", "'time_column': 'ts'"));
    model("mrg", SELECT, incremental("merge", "'unique_key': ['id'], 'time_column': 'ts'"));
    model("di", SELECT, incremental("delete_insert", "'time_column': 'ts'"));
    model("tbl", SELECT, "{'materialization': 'table'}");
    assertThat(run().ok()).isTrue();
    events("3, 'c', '2024-01-06 00:00:00', 3", "4, 'd', '2024-01-06 00:00:00', 4");
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(dir))) {
      Executor executor = new Executor(r.warehouse());
      List<ModelRun> planned = r.plan(RunOptions.defaults());
      for (ModelRun p : planned) {
        assertThat(executor.execute(p, "run-7").status()).isEqualTo(RunOutcome.Status.SUCCEEDED);
      }
      // the crash: the data committed, the ledger rows did not
      sql("DELETE FROM _t4t.ledger WHERE run_id = 'run-7'");
      for (ModelRun p : planned) {
        assertThat(executor.execute(p, "run-7").status())
            .as(p.name().toString())
            .isEqualTo(RunOutcome.Status.SUCCEEDED);
      }
    }
    for (String m : List.of("app", "mrg", "di", "tbl")) {
      assertThat(rows("SELECT id FROM an." + m)).as(m).containsExactly("1", "2", "3", "4");
    }
  }

  // ---- change detection ----

  @Test
  void formattingAndCommentsDoNotTriggerARebuildButChangesDo() {
    events("1, 'a', '2024-01-05 00:00:00', 1");
    String meta = incremental("append", "'time_column': 'ts'");
    model("m", SELECT, meta);
    run();
    model("m", "-- reformatted\nselect id,\n  name, ts,amount\nfrom raw.events   ", meta);
    assertThat(plan().get(0).mode()).isEqualTo(RunMode.INCREMENTAL);
    model("m", "{'description': 'documented', " + meta.substring(1), null);
    model("m", SELECT, "{'description': 'documented', " + meta.substring(1));
    assertThat(plan().get(0).mode()).isEqualTo(RunMode.INCREMENTAL);
    model("m", SELECT + " WHERE amount > 0", meta);
    assertThat(plan().get(0).reason()).isEqualTo("SQL changed");
    model("m", SELECT, incremental("append", "'time_column': 'ts', 'lookback': '1 day'"));
    assertThat(plan().get(0).reason()).isEqualTo("config changed");
    assertThat(run(new RunOptions(Map.of(), List.of(), List.of(), true)).ok()).isTrue();
    assertThat(plan().get(0).mode()).isEqualTo(RunMode.INCREMENTAL);
  }

  @Test
  void aLargeProjectIsPlannedAsEachModelWouldBeAlone() {
    // enough models for one catalog query to describe them all where the engine allows it
    events("1, 'a', '2024-01-05 00:00:00', 1");
    for (int i = 0; i < 16; i++) {
      model("t" + i, "SELECT id, amount * " + i + " AS v FROM raw.events", null);
    }
    model("v", "SELECT id, ts FROM raw.events", "{'materialization': 'view'}");
    model("appended", SELECT, incremental("append", "'time_column': 'ts'"));
    model("merged", SELECT, incremental("merge", "'unique_key': ['id'], 'time_column': 'ts'"));
    model("fresh", SELECT, incremental("append", "'time_column': 'ts'"));
    assertThat(run().ok()).isTrue();
    sql("DELETE FROM an.merged"); // emptied behind t4t's back: an incremental plan notices
    model("fresh2", SELECT, incremental("append", "'time_column': 'ts'")); // no table yet
    model("t3", "SELECT id FROM raw.events", "{'materialization': 'view'}"); // a table to a view
    try (ProjectRunner r = ProjectRunner.openReadOnly(ProjectLoader.load(dir))) {
      List<ModelRun> together = r.plan(RunOptions.defaults());
      assertThat(together).hasSize(21);
      for (ModelRun run : together) {
        assertThat(run).isEqualTo(r.plan(run.model().name(), RunOptions.defaults()));
      }
      assertThat(together)
          .filteredOn(m -> m.name().toString().equals("an.merged"))
          .singleElement()
          .satisfies(m -> assertThat(m.reason()).startsWith("incremental, target empty"));
      assertThat(together)
          .filteredOn(m -> m.name().toString().equals("an.t3"))
          .singleElement()
          .satisfies(m -> assertThat(m.target().kind()).isEqualTo(TargetInfo.Kind.TABLE));
    }
  }

  @Test
  void aRunPlansEachModelOnceWhereItIsTheOnlyWriterAndAgainBeforeApplyingElsewhere()
      throws Exception {
    events("1, 'a', '2024-01-05 00:00:00', 1");
    model("m", SELECT, incremental("append", "'time_column': 'ts'"));
    assertThat(run().ok()).isTrue();
    events("2, 'b', '2024-01-06 00:00:00', 2");
    List<String> statements =
        io.t4t.core.testing.SqlLog.during(() -> assertThat(run().ok()).isTrue());
    assertThat(table("m")).hasSize(2);
    // the planner describes the table; the executor takes that plan where nothing else can write
    // between the two (DuckDB: one process holds the file), and plans again where others may
    long described = statements.stream().filter(t -> t.contains("\"an\".\"m\" LIMIT 0")).count();
    assertThat(described)
        .isEqualTo(hasBehavior(io.t4t.core.dialect.Capability.CONCURRENT_WRITERS) ? 2 : 1);
  }

  @Test
  void materializationChangesFollowTheProjectFlag() throws IOException {
    events("1, 'a', '2024-01-05 00:00:00', 1");
    model("m", SELECT, null);
    run();
    model("m", SELECT, "{'materialization': 'view'}");
    assertThat(run().ok()).isTrue(); // warn: rebuilt as a view
    assertThat(
            rows(
                "SELECT table_type FROM information_schema.tables WHERE table_schema = 'an' AND table_name = 'm'"))
        .containsExactly("VIEW");
    Path toml = dir.resolve("project.toml");
    Files.writeString(toml, Files.readString(toml).replace("\"warn\"", "\"error\""));
    model("m", SELECT, null);
    RunOutcome o = outcome(run(), "an.m");
    assertThat(o.errorCode()).isEqualTo(ErrorCode.MATERIALIZATION_CHANGED);
    assertThat(o.message())
        .contains("from view to table")
        .contains("materialization_change_behavior");
    assertThat(
            rows(
                "SELECT table_type FROM information_schema.tables WHERE table_schema = 'an' AND table_name = 'm'"))
        .containsExactly("VIEW");
  }

  /**
   * A materialization change that fails leaves the old relation as it was, on every engine (on
   * Trino the drop of the old relation commits by itself, so it must come after every check).
   */
  @Test
  void aFailedBuildAfterAMaterializationChangeLeavesTheOldRelation() {
    events("1, 'a', '2024-01-05 00:00:00', 1", "1, 'b', '2024-01-06 00:00:00', 2");
    model("v", SELECT, "{'materialization': 'view'}");
    model("t", SELECT, null);
    assertThat(run().ok()).isTrue();
    // view -> merge table whose key repeats; table -> view whose query names a missing column
    model("v", SELECT, incremental("merge", "'unique_key': ['id'], 'time_column': 'ts'"));
    model("t", "SELECT id, no_such_column FROM raw.events", "{'materialization': 'view'}");
    RunSummary s = run();
    assertThat(outcome(s, "an.v").errorCode()).isEqualTo(ErrorCode.DUPLICATE_KEYS);
    assertThat(outcome(s, "an.t").errorCode()).isEqualTo(ErrorCode.SQL_ERROR);
    assertThat(rows("SELECT name FROM an.v")).containsExactly("a", "b");
    assertThat(rows("SELECT name FROM an.t")).containsExactly("a", "b");
    assertThat(
            rows(
                "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema ="
                    + " 'an' AND table_name IN ('t', 'v')"))
        .containsExactly("t|BASE TABLE", "v|VIEW");
  }

  // ---- DAG ----

  @Test
  void aFailedModelSkipsItsDependentsAndOthersStillRun() {
    events("1, 'a', '2024-01-05 00:00:00', 1");
    model("bad", "SELECT id, missing FROM raw.events", null);
    model("child", "SELECT * FROM an.bad", null);
    model("grandchild", "SELECT * FROM child", null);
    model("fine", SELECT, null);
    RunSummary s = run();
    assertThat(s.ok()).isFalse();
    assertThat(outcome(s, "an.bad").status()).isEqualTo(RunOutcome.Status.FAILED);
    assertThat(outcome(s, "an.child").status()).isEqualTo(RunOutcome.Status.SKIPPED);
    assertThat(outcome(s, "an.grandchild").status()).isEqualTo(RunOutcome.Status.SKIPPED);
    assertThat(outcome(s, "an.fine").status()).isEqualTo(RunOutcome.Status.SUCCEEDED);
    assertThat(s.line()).isEqualTo("Completed: 1 succeeded, 1 failed, 2 skipped");
  }

  @Test
  void dependenciesRunFirst() {
    events("1, 'a', '2024-01-05 00:00:00', 1");
    model("z_base", SELECT, null);
    model("a_top", "WITH b AS (SELECT * FROM an.z_base) SELECT count(*) AS n FROM b", null);
    RunSummary s = run();
    assertThat(s.outcomes())
        .extracting(o -> o.model().toString())
        .containsExactly("an.z_base", "an.a_top");
    assertThat(rows("SELECT n FROM an.a_top")).containsExactly("1");
  }

  @Test
  void stateKeepsTheSeedsColumns() {
    events("1, 'a', '2024-01-05 00:00:00', 1");
    model("m", SELECT, incremental("merge", "'unique_key': ['id'], 'time_column': 'ts'"));
    run();
    ModelState s = state().get("an.m");
    assertThat(s.materialization()).isEqualTo("incremental");
    assertThat(s.strategy()).isEqualTo("merge");
    assertThat(s.sqlHash()).hasSize(64);
    assertThat(s.configHash()).hasSize(64);
    assertThat(s.lastExecutionTimestamp()).isNotNull();
    assertThat(s.lastProcessedValue()).isEqualTo("2024-01-05T00:00:00");
  }

  // ---- file sources: read where the engine can, refused clearly where it cannot ----

  @Test
  void modelsReadLandedFilesWhereTheEngineCanAndAreRefusedClearlyWhereItCannot()
      throws IOException {
    Path landing = dir.resolve("landing/orders");
    Files.createDirectories(landing);
    Files.writeString(
        landing.resolve("1.csv"),
        "id,amount,ts\n1,10,2024-01-01 10:00:00\n2,20,2024-01-01 11:00:00\n");
    model(
        "orders",
        "SELECT id, amount, ts FROM read_csv('landing/orders/*.csv', header = true)",
        incremental("append", "'time_column': 'ts'"));
    try (ProjectRunner r = ProjectRunner.openReadOnly(ProjectLoader.load(dir))) {
      assertThat(r.graph().readers("landing/orders"))
          .extracting(Object::toString)
          .containsExactly("an.orders");
    }
    if (!hasBehavior(io.t4t.core.dialect.Capability.READS_FILES)) {
      RunOutcome o = outcome(run(), "an.orders");
      assertThat(o.errorCode()).isEqualTo(ErrorCode.INVALID_MODEL);
      assertThat(o.message())
          .contains("Cannot run an.orders on ")
          .contains("it reads files (landing/orders)")
          .contains("--exclude an.orders");
      assertThat(state()).doesNotContainKey("an.orders");
      return;
    }
    assertThat(run().ok()).isTrue();
    Files.writeString(landing.resolve("2.csv"), "id,amount,ts\n3,30,2024-01-02 09:00:00\n");
    RunSummary second = run();
    assertThat(outcome(second, "an.orders").rowsWritten()).isEqualTo(1);
    assertThat(rows("SELECT id FROM an.orders")).containsExactly("1", "2", "3");
  }

  // ---- backfills and run history (issue 15) ----

  /** Runs {@code t4t backfill} of {@code model} over {@code [start, end)}. */
  protected RunSummary backfill(String model, String start, String end) {
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(dir))) {
      return io.t4t.core.run.Backfill.run(
          r.session(), new io.t4t.core.run.Backfill.Request(model, start, end, Map.of()));
    }
  }

  /** The ledger's entries for {@code model}, newest first. */
  protected List<io.t4t.core.execute.LedgerEntry> ledger(String model) {
    try (ProjectRunner r = ProjectRunner.openReadOnly(ProjectLoader.load(dir))) {
      return new io.t4t.core.execute.Ledger(r.warehouse()).history(model, 100);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** kind, window start..end, inserted/updated/deleted of a ledger entry, e.g. "backfill ...". */
  private static String detail(io.t4t.core.execute.LedgerEntry e) {
    var d = e.detail();
    return d.runKind()
        + " "
        + d.windowStart()
        + ".."
        + d.windowEnd()
        + " +"
        + d.inserted()
        + " ~"
        + d.updated()
        + " -"
        + d.deleted();
  }

  @Test
  void backfillReloadsExactlyTheWindowAndItsDownstreamForEveryStrategy() {
    events(
        "1, 'a', '2024-01-01 00:00:00', 1",
        "2, 'b', '2024-01-02 00:00:00', 2",
        "3, 'c', '2024-01-03 00:00:00', 3",
        "4, 'd', '2024-01-04 00:00:00', 4");
    model("app", SELECT, incremental("append", "'time_column': 'ts'"));
    model("mrg", SELECT, incremental("merge", "'unique_key': ['id'], 'time_column': 'ts'"));
    model("di", SELECT, incremental("delete_insert", "'time_column': 'ts'"));
    model(
        "app_down",
        "SELECT id, name, ts, amount FROM an.app",
        incremental("append", "'time_column': 'ts'"));
    model("app_total", "SELECT sum(amount) AS total FROM an.app", "{'materialization': 'table'}");
    assertThat(run().ok()).isTrue();
    // the source is corrected inside the window (row 2, a late row 5) and outside it (row 4)
    sql("UPDATE raw.events SET amount = amount * 10 WHERE id IN (2, 4)");
    events("5, 'e', '2024-01-02 12:00:00', 5");
    for (String m : List.of("app", "mrg", "di")) {
      RunSummary s = backfill("an." + m, "2024-01-02 00:00:00", "2024-01-03 00:00:00");
      assertThat(s.ok()).as(m + ": %s", s.outcomes()).isTrue();
      assertThat(rows("SELECT id, amount FROM an." + m))
          .as(m)
          .containsExactly("1|1", "2|20", "3|3", "4|4", "5|5");
      assertThat(detail(ledger("an." + m).get(0)))
          .as(m)
          .isEqualTo("backfill 2024-01-02 00:00:00..2024-01-03 00:00:00 +2 ~0 -1");
      // the watermark stays where the last run left it
      assertThat(state().get("an." + m).lastProcessedValue()).isEqualTo("2024-01-04T00:00:00");
    }
    // downstream of app: the incremental model restated the window, the table was rebuilt
    assertThat(rows("SELECT id, amount FROM an.app_down"))
        .containsExactly("1|1", "2|20", "3|3", "4|4", "5|5");
    assertThat(rows("SELECT total FROM an.app_total")).containsExactly("33");
    assertThat(ledger("an.app_down").get(0).detail().runKind()).isEqualTo("backfill");
    assertThat(ledger("an.app_total").get(0).detail().runKind()).isEqualTo("full");
    // models outside the selection were not touched by app's backfill
    assertThat(ledger("an.mrg")).hasSize(2);
  }

  /**
   * Runs that failed or were skipped leave the watermark where it was; a backfill of an earlier
   * window does not move it, so the next run still covers the whole gap from the last loaded value.
   */
  @Test
  void backfillKeepsTheGapAfterTheLastLoadedValueForTheNextRun() {
    events("1, 'a', '2024-01-01 00:00:00', 1", "2, 'b', '2024-01-02 00:00:00', 2");
    model("app", SELECT, incremental("append", "'time_column': 'ts'"));
    assertThat(run().ok()).isTrue();
    // rows arrive while runs do not happen (failed or skipped)
    events("3, 'c', '2024-01-03 00:00:00', 3", "4, 'd', '2024-01-04 00:00:00', 4");
    assertThat(backfill("an.app", "2024-01-01", "2024-01-02").ok()).isTrue();
    assertThat(state().get("an.app").lastProcessedValue()).isEqualTo("2024-01-02T00:00:00");
    assertThat(rows("SELECT id FROM an.app")).containsExactly("1", "2");
    assertThat(run().ok()).isTrue();
    assertThat(rows("SELECT id FROM an.app")).containsExactly("1", "2", "3", "4");
    assertThat(state().get("an.app").lastProcessedValue()).isEqualTo("2024-01-04T00:00:00");
  }

  @Test
  void backfillRefusesABadWindowBeforeChangingAnything() {
    events("1, 'a', '2024-01-01 00:00:00', 1", "2, 'b', '2024-01-02 00:00:00', 2");
    model("app", SELECT, incremental("append", "'time_column': 'ts'"));
    model("tbl", SELECT, "{'materialization': 'table'}");
    assertThat(run().ok()).isTrue();
    sql("UPDATE raw.events SET amount = 7");
    assertThatThrownBy(() -> backfill("an.app", "2024-01-02", "2024-01-01"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Invalid window for backfill of model an.app")
        .hasMessageContaining("--end '2024-01-01' must be after --start '2024-01-02'");
    assertThatThrownBy(() -> backfill("an.app", "2024-01-01", "not-a-time"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Invalid --end 'not-a-time' for backfill of model an.app")
        .hasMessageContaining("time column ts");
    assertThatThrownBy(() -> backfill("an.app", "2024-02-01", "2024-03-01"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Cannot backfill model an.app from --start '2024-02-01'")
        .hasMessageContaining("after the last loaded value");
    assertThatThrownBy(() -> backfill("an.tbl", "2024-01-01", "2024-01-02"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Cannot backfill model an.tbl: it is a table");
    assertThat(rows("SELECT amount FROM an.app")).containsExactly("1", "2");
    assertThat(ledger("an.app")).hasSize(1);
  }

  /**
   * A backfill with no watermark would set one at the window's end and leave the rows before it
   * unloaded; a backfill of a query whose columns changed would drop or cast them silently.
   */
  @Test
  void backfillRefusesAModelWithNoWatermarkOrWhoseQueryColumnsChanged() {
    events("1, 'a', '2024-01-01 00:00:00', 1", "2, 'b', '2024-01-02 00:00:00', 2");
    sql("DROP TABLE IF EXISTS raw.wide", "CREATE TABLE raw.wide AS SELECT id, ts FROM raw.events");
    model("none", SELECT + " WHERE id > 100", incremental("append", "'time_column': 'ts'"));
    model("wide", "SELECT * FROM raw.wide", incremental("append", "'time_column': 'ts'"));
    assertThat(run().ok()).isTrue();
    assertThatThrownBy(() -> backfill("an.none", "2024-01-01", "2024-01-02"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Cannot backfill model an.none: it has loaded no rows yet");
    assertThat(state().get("an.none").lastProcessedValue()).isNull();
    sql("DROP TABLE raw.wide", "CREATE TABLE raw.wide AS SELECT id, ts, name FROM raw.events");
    assertThatThrownBy(() -> backfill("an.wide", "2024-01-01", "2024-01-02"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Cannot backfill model an.wide: its query's columns differ")
        .hasMessageContaining("name");
    assertThat(ledger("an.wide")).hasSize(1);
    assertThat(rows("SELECT id FROM an.wide")).containsExactly("1", "2");
  }

  @Test
  void ledgerRecordsEachRunsKindWindowAndInsertedUpdatedDeletedRows() {
    events("1, 'a', '2024-01-01 00:00:00', 1", "2, 'b', '2024-01-02 00:00:00', 2");
    model("mrg", SELECT, incremental("merge", "'unique_key': ['id'], 'time_column': 'ts'"));
    model("di", SELECT, incremental("delete_insert", "'time_column': 'ts', 'lookback': '1 day'"));
    assertThat(run().ok()).isTrue();
    sql("UPDATE raw.events SET amount = 20, ts = TIMESTAMP '2024-01-03 00:00:00' WHERE id = 2");
    events("3, 'c', '2024-01-03 00:00:00', 3");
    assertThat(run().ok()).isTrue();
    List<io.t4t.core.execute.LedgerEntry> mrg = ledger("an.mrg");
    assertThat(mrg).hasSize(2);
    assertThat(detail(mrg.get(1))).isEqualTo("full null..null +2 ~0 -null");
    assertThat(detail(mrg.get(0)))
        .isEqualTo("incremental 2024-01-02T00:00:00..2024-01-03T00:00:00 +1 ~1 -0");
    assertThat(mrg.get(0).detail().durationMillis()).isNotNull().isGreaterThanOrEqualTo(0);
    // delete_insert re-reads a day back: row 2's old version is deleted, rows 2 and 3 inserted
    assertThat(detail(ledger("an.di").get(0)))
        .isEqualTo("incremental 2024-01-02T00:00:00..2024-01-03T00:00:00 +2 ~0 -1");
  }

  /** A ledger written before it recorded run detail gains the columns and stays readable. */
  @Test
  void ledgerFromAnOlderVersionGainsTheRunColumnsWhenOpened() {
    events("1, 'a', '2024-01-01 00:00:00', 1");
    model("app", SELECT, incremental("append", "'time_column': 'ts'"));
    assertThat(run().ok()).isTrue();
    String old =
        "seq, run_id, model_name, kind, materialization, strategy, sql_hash, config_hash,"
            + " last_processed_value, rows_written, applied_at";
    sql(
        "CREATE TABLE _t4t.ledger_old AS SELECT " + old + " FROM _t4t.ledger",
        "DROP TABLE _t4t.ledger",
        "CREATE TABLE _t4t.ledger AS SELECT " + old + " FROM _t4t.ledger_old",
        "DROP TABLE _t4t.ledger_old");
    assertThat(detail(ledger("an.app").get(0))).isEqualTo("null null..null +null ~null -null");
    events("2, 'b', '2024-01-02 00:00:00', 2");
    assertThat(run().ok()).isTrue();
    List<io.t4t.core.execute.LedgerEntry> entries = ledger("an.app");
    assertThat(entries).hasSize(2);
    assertThat(detail(entries.get(0)))
        .isEqualTo("incremental 2024-01-01T00:00:00..2024-01-02T00:00:00 +1 ~0 -0");
    assertThat(entries.get(1).lastProcessedValue()).isEqualTo("2024-01-01T00:00:00");
  }

  // ---- schema changes of incremental models (on_schema_change, docs/schema-changes.md) ----

  private static final List<String> SCHEMA_MODES =
      List.of("fail", "ignore", "append_new_columns", "sync_all_columns", "full_refresh");

  /** Replaces raw.{@code table} with {@code rows} of the columns {@code casts} select. */
  private void schemaSource(String table, String casts, String columns, String... rows) {
    sql(
        "DROP TABLE IF EXISTS raw." + table,
        "CREATE TABLE raw."
            + table
            + " AS SELECT "
            + casts
            + " FROM (VALUES ("
            + String.join("), (", rows)
            + ")) AS t4t_rows ("
            + columns
            + ")");
  }

  /** The table's column names (lower case) mapped to their types (lower case). */
  private Map<String, String> schemaColumns(String table) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (String row :
        rows(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema ="
                + " 'an' AND table_name = '"
                + table
                + "'")) {
      String[] cells = row.split("\\|");
      out.put(
          cells[0].toLowerCase(java.util.Locale.ROOT), cells[1].toLowerCase(java.util.Locale.ROOT));
    }
    return out;
  }

  /**
   * Each on_schema_change mode against an added, a removed and a retyped column (append, merge and
   * delete_insert models respectively), planned and then run: what the plan says, the outcome, the
   * table's columns and rows.
   */
  @Test
  void eachSchemaChangeModeHandlesAddedRemovedAndRetypedColumns() throws IOException {

    String ts = "CAST(ts AS TIMESTAMP)";
    String first = "1, '2024-01-05 00:00:00', 10";
    schemaSource(
        "added",
        "CAST(id AS INTEGER) AS id, " + ts + " AS ts, CAST(amount AS INTEGER) AS amount",
        "id, ts, amount",
        first);
    schemaSource(
        "removed",
        "CAST(id AS INTEGER) AS id, " + ts + " AS ts, CAST(amount AS INTEGER) AS amount",
        "id, ts, amount",
        first);
    schemaSource(
        "retyped",
        "CAST(id AS INTEGER) AS id, " + ts + " AS ts, CAST(amount AS INTEGER) AS amount",
        "id, ts, amount",
        first);
    for (String mode : SCHEMA_MODES) {
      String osc = "'on_schema_change': '" + mode + "', ";
      model(
          "added_" + mode,
          "SELECT * FROM raw.added",
          "{" + osc + incremental("append", "'time_column': 'ts'").substring(1));
      model(
          "removed_" + mode,
          "SELECT * FROM raw.removed",
          "{"
              + osc
              + incremental("merge", "'unique_key': ['id'], 'time_column': 'ts'").substring(1));
      model(
          "retyped_" + mode,
          "SELECT * FROM raw.retyped",
          "{" + osc + incremental("delete_insert", "'time_column': 'ts'").substring(1));
    }
    assertThat(run().ok()).isTrue();
    String dbl =
        io.t4t.core.run.Engine.dialect(ProjectLoader.load(dir)).columnType("DOUBLE PRECISION");
    schemaSource(
        "added",
        "CAST(id AS INTEGER) AS id, "
            + ts
            + " AS ts, CAST(amount AS INTEGER) AS amount, CAST(note AS VARCHAR) AS note",
        "id, ts, amount, note",
        first + ", 'x'",
        "2, '2024-01-06 00:00:00', 20, 'y'");
    schemaSource(
        "removed",
        "CAST(id AS INTEGER) AS id, " + ts + " AS ts",
        "id, ts",
        "1, '2024-01-05 00:00:00'",
        "2, '2024-01-06 00:00:00'");
    schemaSource(
        "retyped",
        "CAST(id AS INTEGER) AS id, " + ts + " AS ts, CAST(amount AS " + dbl + ") AS amount",
        "id, ts, amount",
        first,
        "2, '2024-01-06 00:00:00', 20");

    Map<String, ModelRun> plans = new java.util.HashMap<>();
    plan().forEach(p -> plans.put(p.name().name(), p));
    boolean retypesInPlace = hasBehavior(io.t4t.core.dialect.Capability.CHANGES_COLUMN_TYPES);
    // model -> expected mode and a phrase of the plan's reason
    Map<String, List<Object>> expected = new java.util.LinkedHashMap<>();
    expected.put("added_fail", List.of(RunMode.REFUSE, "added column 'note'"));
    expected.put("added_ignore", List.of(RunMode.INCREMENTAL, "load the shared columns only"));
    expected.put("added_append_new_columns", List.of(RunMode.INCREMENTAL, "add column 'note'"));
    expected.put("added_sync_all_columns", List.of(RunMode.INCREMENTAL, "add column 'note'"));
    expected.put("added_full_refresh", List.of(RunMode.FULL, "on_schema_change = full_refresh"));
    expected.put("removed_fail", List.of(RunMode.REFUSE, "removed column 'amount' INTEGER"));
    expected.put("removed_ignore", List.of(RunMode.INCREMENTAL, "load the shared columns only"));
    expected.put(
        "removed_append_new_columns", List.of(RunMode.INCREMENTAL, "load the shared columns only"));
    expected.put("removed_sync_all_columns", List.of(RunMode.INCREMENTAL, "drop column 'amount'"));
    expected.put("removed_full_refresh", List.of(RunMode.FULL, "removed column 'amount'"));
    expected.put("retyped_fail", List.of(RunMode.REFUSE, "column 'amount' INTEGER -> DOUBLE"));
    expected.put("retyped_ignore", List.of(RunMode.INCREMENTAL, "load the shared columns only"));
    expected.put("retyped_append_new_columns", List.of(RunMode.REFUSE, "sync_all_columns"));
    expected.put(
        "retyped_sync_all_columns",
        retypesInPlace
            ? List.of(RunMode.INCREMENTAL, "change column 'amount' INTEGER -> DOUBLE")
            : List.of(RunMode.FULL, "cannot change column 'amount' INTEGER -> DOUBLE in place"));
    expected.put("retyped_full_refresh", List.of(RunMode.FULL, "on_schema_change = full_refresh"));
    expected.forEach(
        (m, e) -> {
          assertThat(plans.get(m).mode()).as(m).isEqualTo(e.get(0));
          assertThat(plans.get(m).reason().toUpperCase(java.util.Locale.ROOT))
              .as(m)
              .contains(((String) e.get(1)).toUpperCase(java.util.Locale.ROOT));
        });

    RunSummary s = run();
    for (String m :
        List.of("added_fail", "removed_fail", "retyped_fail", "retyped_append_new_columns")) {
      RunOutcome o = outcome(s, "an." + m);
      assertThat(o.errorCode()).as(m).isEqualTo(ErrorCode.SCHEMA_CHANGED);
      assertThat(o.message())
          .as(m)
          .startsWith("Cannot load an." + m + " incrementally")
          .contains("on_schema_change");
      assertThat(rows("SELECT id FROM an." + m)).as(m).containsExactly("1");
    }
    assertThat(outcome(s, "an.added_fail").message()).contains("'note'");
    assertThat(schemaColumns("added_fail")).containsOnlyKeys("id", "ts", "amount");
    assertThat(schemaColumns("retyped_fail").get("amount")).isIn("integer", "int");
    for (String m : expected.keySet()) {
      if (plans.get(m).mode() != RunMode.REFUSE) {
        assertThat(outcome(s, "an." + m).ok()).as(m).isTrue();
      }
    }
    // added
    assertThat(schemaColumns("added_ignore")).containsOnlyKeys("id", "ts", "amount");
    assertThat(rows("SELECT id, amount FROM an.added_ignore")).containsExactly("1|10", "2|20");
    for (String m : List.of("added_append_new_columns", "added_sync_all_columns")) {
      assertThat(schemaColumns(m)).as(m).containsOnlyKeys("id", "ts", "amount", "note");
      assertThat(rows("SELECT id, note FROM an." + m)).as(m).containsExactly("1|null", "2|y");
    }
    assertThat(rows("SELECT id, note FROM an.added_full_refresh")).containsExactly("1|x", "2|y");
    // removed
    for (String m : List.of("removed_ignore", "removed_append_new_columns")) {
      assertThat(schemaColumns(m)).as(m).containsOnlyKeys("id", "ts", "amount");
      assertThat(rows("SELECT id, amount FROM an." + m)).as(m).containsExactly("1|10", "2|null");
    }
    for (String m : List.of("removed_sync_all_columns", "removed_full_refresh")) {
      assertThat(schemaColumns(m)).as(m).containsOnlyKeys("id", "ts");
      assertThat(rows("SELECT id FROM an." + m)).as(m).containsExactly("1", "2");
    }
    // retyped
    assertThat(schemaColumns("retyped_ignore").get("amount")).isIn("integer", "int");
    for (String m : List.of("retyped_ignore", "retyped_sync_all_columns", "retyped_full_refresh")) {
      assertThat(rows("SELECT id, CAST(amount AS INTEGER) FROM an." + m))
          .as(m)
          .containsExactly("1|10", "2|20");
    }
    for (String m : List.of("retyped_sync_all_columns", "retyped_full_refresh")) {
      assertThat(schemaColumns(m).get("amount")).as(m).startsWith("double");
    }
    // a refused model's state is unchanged: its next plan still refuses, from the same watermark
    assertThat(state().get("an.added_fail").lastProcessedValue()).startsWith("2024-01-05");
  }

  @Test
  void onSchemaChangeDefaultsToTheProjectFlagAndAModelOverridesIt() throws IOException {
    Path toml = dir.resolve("project.toml");
    Files.writeString(toml, Files.readString(toml) + "on_schema_change = \"append_new_columns\"\n");
    schemaSource(
        "added",
        "CAST(id AS INTEGER) AS id, CAST(ts AS TIMESTAMP) AS ts",
        "id, ts",
        "1, '2024-01-05 00:00:00'");
    model("by_project", "SELECT * FROM raw.added", incremental("append", "'time_column': 'ts'"));
    model(
        "by_model",
        "SELECT * FROM raw.added",
        "{'on_schema_change': 'fail', "
            + incremental("append", "'time_column': 'ts'").substring(1));
    assertThat(run().ok()).isTrue();
    schemaSource(
        "added",
        "CAST(id AS INTEGER) AS id, CAST(ts AS TIMESTAMP) AS ts, CAST(n AS INTEGER) AS n",
        "id, ts, n",
        "1, '2024-01-05 00:00:00', 1",
        "2, '2024-01-06 00:00:00', 2");
    RunSummary s = run();
    assertThat(outcome(s, "an.by_project").ok()).isTrue();
    assertThat(rows("SELECT id, n FROM an.by_project")).containsExactly("1|null", "2|2");
    assertThat(outcome(s, "an.by_model").errorCode()).isEqualTo(ErrorCode.SCHEMA_CHANGED);
  }

  /**
   * An append whose window re-reads loaded rows (a lookback) skips them by comparing with the
   * table; once a column is added those rows hold NULL there and would not match, so the run is
   * refused, naming the way out, rather than loading them twice (or rebuilding, which would lose
   * rows the source no longer holds).
   */
  @Test
  void anAppendWithALookbackIsRefusedWhenAColumnIsAddedRatherThanLoadingRowsTwice() {
    schemaSource(
        "grown",
        "CAST(id AS INTEGER) AS id, CAST(ts AS TIMESTAMP) AS ts",
        "id, ts",
        "1, '2024-01-05 00:00:00'",
        "2, '2024-01-06 00:00:00'");
    model(
        "lb",
        "SELECT * FROM raw.grown",
        "{'on_schema_change': 'append_new_columns', "
            + incremental("append", "'time_column': 'ts', 'lookback': '2 days'").substring(1));
    assertThat(run().ok()).isTrue();
    schemaSource(
        "grown",
        "CAST(id AS INTEGER) AS id, CAST(ts AS TIMESTAMP) AS ts, CAST(n AS INTEGER) AS n",
        "id, ts, n",
        "1, '2024-01-05 00:00:00', 1",
        "2, '2024-01-06 00:00:00', 2",
        "3, '2024-01-07 00:00:00', 3");
    List<String> before = rows("SELECT id, ts FROM an.lb ORDER BY id");
    RunOutcome o = outcome(run(), "an.lb");
    assertThat(o.errorCode()).isEqualTo(ErrorCode.SCHEMA_CHANGED);
    assertThat(o.message())
        .startsWith("Cannot add columns to an.lb")
        .contains("on_schema_change = \"full_refresh\"");
    assertThat(rows("SELECT id, ts FROM an.lb ORDER BY id")).isEqualTo(before);
  }

  // ---- data tests and audits before publish (issue 15) ----

  /** {@code metadata} (a dict literal) with a {@code tests} list holding {@code tests}. */
  private static String withTests(String metadata, String tests) {
    return metadata.substring(0, metadata.length() - 1) + ", 'tests': [" + tests + "]}";
  }

  private List<String> ledgerRows(String model) {
    return rows("SELECT run_id, seq FROM _t4t.ledger WHERE model_name = '" + model + "'");
  }

  /**
   * A backfill the load refuses (repeated keys in the window) leaves the window's rows in place on
   * every engine, also where the delete commits by itself (Trino): the checks run before it.
   */
  @Test
  void aBackfillWhoseBatchRepeatsAKeyLeavesTheWindowAsItWas() {
    events("1, 'a', '2024-01-10 00:00:00', 1", "2, 'b', '2024-01-11 00:00:00', 2");
    model("m", SELECT, incremental("merge", "'unique_key': ['id'], 'time_column': 'ts'"));
    assertThat(run().ok()).isTrue();
    List<String> before = table("m");
    events("1, 'again', '2024-01-10 12:00:00', 9");

    RunOutcome o = outcome(backfill("an.m", "2024-01-10", "2024-01-11"), "an.m");

    assertThat(o.ok()).isFalse();
    assertThat(o.message()).contains("an.m");
    assertThat(table("m")).isEqualTo(before);
  }

  /** A merge backfill reloads the past: a key's newer row outside the window stays. */
  @Test
  void aMergeBackfillNeverOverwritesANewerRowOfAKeyOutsideTheWindow() {
    events(
        "7, 'old', '2024-01-10 00:00:00', 1",
        "7, 'new', '2024-01-12 00:00:00', 2",
        "8, 'in', '2024-01-10 06:00:00', 3");
    model(
        "m",
        SELECT,
        incremental(
            "merge",
            "'unique_key': ['id'], 'time_column': 'ts', 'on_duplicate_keys': 'keep_latest'"));
    assertThat(run().ok()).isTrue();
    sql("UPDATE raw.events SET amount = 30 WHERE id = 8");

    assertThat(backfill("an.m", "2024-01-10", "2024-01-11").ok()).isTrue();

    assertThat(rows("SELECT id, name, amount FROM an.m ORDER BY id"))
        .containsExactly("7|new|2", "8|in|30");
  }

  /** keep_latest publishes one row per key, so a first build's unique audit sees one per key. */
  @Test
  void aKeepLatestModelsFullBuildPassesItsUniqueAuditOnTheRowsItKeeps() {
    events(
        "1, 'a', '2024-01-10 00:00:00', 1",
        "1, 'b', '2024-01-11 00:00:00', 2",
        "2, 'c', '2024-01-11 00:00:00', 3");
    model(
        "m",
        SELECT,
        withTests(
            incremental(
                "merge",
                "'unique_key': ['id'], 'time_column': 'ts', 'on_duplicate_keys': 'keep_latest'"),
            "{'test': 'unique', 'columns': ['id']}"));
    assertThat(run().ok()).isTrue();
    assertThat(rows("SELECT id, name FROM an.m ORDER BY id")).containsExactly("1|b", "2|c");
  }

  /** A backfill's batch is audited like any other, against the table as the backfill leaves it. */
  @Test
  void aBackfillIsAuditedAndABlockingFailureChangesNothing() {
    events("1, 'a', '2024-01-10 00:00:00', 1", "2, 'b', '2024-01-11 00:00:00', 2");
    model(
        "m",
        SELECT,
        withTests(
            incremental("merge", "'unique_key': ['id'], 'time_column': 'ts'"),
            "{'test': 'not_null', 'columns': ['amount']}, {'test': 'unique', 'columns': ['id']}"));
    assertThat(run().ok()).isTrue();
    List<String> before = table("m");
    List<String> ledgerBefore = ledgerRows("an.m");
    // a reload of the same rows passes unique: the window's rows are replaced, not added
    sql("UPDATE raw.events SET amount = 5 WHERE id = 1");
    assertThat(backfill("an.m", "2024-01-10", "2024-01-11").ok()).isTrue();
    assertThat(rows("SELECT id, amount FROM an.m ORDER BY id")).containsExactly("1|5", "2|2");
    sql("UPDATE raw.events SET amount = NULL WHERE id = 1");
    List<String> reloaded = table("m");
    List<String> ledgerReloaded = ledgerRows("an.m");

    RunOutcome o = outcome(backfill("an.m", "2024-01-10", "2024-01-11"), "an.m");

    assertThat(o.errorCode()).isEqualTo(ErrorCode.AUDIT_FAILED);
    assertThat(o.message()).startsWith("Cannot publish an.m: audit not_null(amount) failed");
    assertThat(table("m")).isEqualTo(reloaded).isNotEqualTo(before);
    assertThat(ledgerRows("an.m")).hasSize(ledgerBefore.size() + 1).isEqualTo(ledgerReloaded);
  }

  @Test
  void aBlockingAuditFailingOnTheBatchChangesNothingAndSkipsDependents() {
    events("1, 'a', '2024-01-10 00:00:00', 1");
    model(
        "m",
        SELECT,
        withTests(
            incremental("append", "'time_column': 'ts'"),
            "{'test': 'not_null', 'columns': ['amount']}"));
    model("child", "SELECT id FROM an.m", null);
    assertThat(run().ok()).isTrue();
    List<String> before = table("m");
    List<String> ledgerBefore = ledgerRows("an.m");
    Map<String, ModelState> stateBefore = state();
    events("2, 'b', '2024-01-11 00:00:00', NULL", "3, 'c', '2024-01-12 00:00:00', 3");

    RunSummary s = run();

    RunOutcome o = outcome(s, "an.m");
    assertThat(o.status()).isEqualTo(RunOutcome.Status.FAILED);
    assertThat(o.errorCode()).isEqualTo(ErrorCode.AUDIT_FAILED);
    assertThat(o.errorCode().retryable()).isFalse();
    assertThat(o.message())
        .startsWith("Cannot publish an.m: audit not_null(amount) failed on the batch")
        .contains("failing rows: (2, b, 2024-01-11 00:00:00") // timestamps print per driver
        .endsWith(", null)")
        .doesNotContain("3, c");
    assertThat(outcome(s, "an.child").status()).isEqualTo(RunOutcome.Status.SKIPPED);
    assertThat(table("m")).isEqualTo(before);
    assertThat(ledgerRows("an.m")).isEqualTo(ledgerBefore);
    assertThat(state()).isEqualTo(stateBefore);
  }

  @Test
  void aWarnAuditRecordsItsFailingRowsAndThePublishGoesOn() {
    events("1, 'a', '2024-01-10 00:00:00', 1");
    model(
        "m",
        SELECT,
        withTests(
            incremental("merge", "'unique_key': ['id'], 'time_column': 'ts'"),
            "{'test': 'accepted_values', 'column': 'name', 'values': ['a', 'b'],"
                + " 'severity': 'warn'}"));
    model("child", "SELECT id FROM an.m", null);
    run();
    events("2, 'zz', '2024-01-11 00:00:00', 2");

    RunSummary s = run();

    RunOutcome o = outcome(s, "an.m");
    assertThat(o.status()).isEqualTo(RunOutcome.Status.SUCCEEDED);
    assertThat(o.tests()).hasSize(1);
    assertThat(o.tests().get(0).line())
        .isEqualTo("an.m accepted_values(name) FAIL (warn): (zz, 1)");
    assertThat(rows("SELECT id FROM an.m")).containsExactly("1", "2");
    assertThat(outcome(s, "an.child").status()).isEqualTo(RunOutcome.Status.SUCCEEDED);
  }

  @Test
  void aUniqueAuditReadsTheTargetAsItWouldBeAfterTheWrite() {
    events("1, 'a', '2024-01-10 00:00:00', 1");
    String unique = "{'test': 'unique', 'columns': ['id']}";
    model("appended", SELECT, withTests(incremental("append", "'time_column': 'ts'"), unique));
    model(
        "merged",
        SELECT,
        withTests(incremental("merge", "'unique_key': ['id'], 'time_column': 'ts'"), unique));
    run();
    // the batch alone is unique; appended to the target it repeats id 1, merged it replaces it
    events("1, 'b', '2024-01-11 00:00:00', 2");

    RunSummary s = run();

    RunOutcome appended = outcome(s, "an.appended");
    assertThat(appended.errorCode()).isEqualTo(ErrorCode.AUDIT_FAILED);
    assertThat(appended.message())
        .contains("audit unique(id) failed")
        .endsWith("failing rows: (1, 2)");
    assertThat(rows("SELECT id, name FROM an.appended")).containsExactly("1|a");
    assertThat(outcome(s, "an.merged").status()).isEqualTo(RunOutcome.Status.SUCCEEDED);
    assertThat(rows("SELECT id, name FROM an.merged")).containsExactly("1|b");
  }

  @Test
  void aCustomSqlAuditReadsTheBatchWhereItNamesTheModel() {
    events("1, 'a', '2024-01-10 00:00:00', 1");
    model(
        "m",
        SELECT,
        withTests(
            incremental("delete_insert", "'time_column': 'ts'"),
            "{'test': 'sql', 'name': 'no_negative_amounts',"
                + " 'sql': 'SELECT id, amount FROM an.m WHERE amount < 0'}"));
    run();
    events("2, 'b', '2024-01-11 00:00:00', -5");

    RunSummary s = run();

    // the published table holds no negative amount: the failure comes from the batch
    RunOutcome o = outcome(s, "an.m");
    assertThat(o.errorCode()).isEqualTo(ErrorCode.AUDIT_FAILED);
    assertThat(o.message())
        .contains("audit sql(no_negative_amounts) failed")
        .endsWith("failing rows: (2, -5)");
    assertThat(rows("SELECT id FROM an.m")).containsExactly("1");
  }

  @Test
  void testsOnThePublishedTablesNameTheModelTheTestAndTheFailingRows() {
    events("1, 'a', '2024-01-10 00:00:00', 1", "2, 'b', '2024-01-11 00:00:00', 2");
    model(
        "m",
        SELECT,
        "{'tests': [{'test': 'not_null', 'columns': ['name']},"
            + " {'test': 'relationships', 'column': 'id', 'to': 'raw.events', 'field': 'id',"
            + " 'severity': 'warn'}]}");
    model("other", SELECT, "{'tests': [{'test': 'unique', 'columns': ['id']}]}");
    assertThat(run().ok()).isTrue();
    // the published table changes outside t4t: the tests read it as it is now
    sql("INSERT INTO an.m (id, name, amount) VALUES (3, NULL, 3)");

    List<io.t4t.core.audit.TestResult> results;
    try (ProjectRunner r = ProjectRunner.openReadOnly(ProjectLoader.load(dir))) {
      results = r.test(new RunOptions(Map.of(), List.of("an.m"), List.of(), false));
    }

    assertThat(results)
        .extracting(io.t4t.core.audit.TestResult::line)
        .containsExactly(
            "an.m not_null(name) FAIL (error): (3, null, null, 3)",
            "an.m relationships(id -> raw.events.id) FAIL (warn): 3");
    assertThat(results)
        .extracting(io.t4t.core.audit.TestResult::blocks)
        .containsExactly(true, false);
  }

  // ---- backfill requests through the event-driven roles (issue 15, decision 0012) ----

  /**
   * A backfill request driven through the coordinator and executor roles (every event through JSON,
   * every command delivered twice) changes exactly the window of the model and restates its
   * downstream as {@code t4t backfill} does; a bad window fails the model before any write.
   */
  @Test
  void backfillRequestThroughTheRolesReloadsExactlyTheWindow() {
    events(
        "1, 'a', '2024-01-01 00:00:00', 1",
        "2, 'b', '2024-01-02 00:00:00', 2",
        "3, 'c', '2024-01-03 00:00:00', 3");
    model("app", SELECT, incremental("append", "'time_column': 'ts'"));
    model(
        "app_down",
        "SELECT id, name, ts, amount FROM an.app",
        incremental("append", "'time_column': 'ts'"));
    model("app_total", "SELECT sum(amount) AS total FROM an.app", "{'materialization': 'table'}");
    assertThat(run().ok()).isTrue();
    sql("UPDATE raw.events SET amount = amount * 10 WHERE id IN (2, 3)");
    io.t4t.core.coordinate.RunView view =
        drive(backfillRequest("app", "2024-01-02 00:00:00", "2024-01-03 00:00:00"));
    assertThat(view.done()).isTrue();
    assertThat(view.models().keySet()).containsExactly("an.app", "an.app_down", "an.app_total");
    assertThat(view.models().values()).containsOnly(io.t4t.core.coordinate.Status.SUCCEEDED);
    assertThat(rows("SELECT id, amount FROM an.app")).containsExactly("1|1", "2|20", "3|3");
    assertThat(rows("SELECT id, amount FROM an.app_down")).containsExactly("1|1", "2|20", "3|3");
    assertThat(rows("SELECT total FROM an.app_total")).containsExactly("24");
    assertThat(ledger("an.app").get(0).detail().runKind()).isEqualTo("backfill");
    assertThat(ledger("an.app_down").get(0).detail().runKind()).isEqualTo("backfill");
    assertThat(state().get("an.app").lastProcessedValue()).isEqualTo("2024-01-03T00:00:00");
    // a bound the engine cannot read as the time column fails the model; nothing is written
    io.t4t.core.coordinate.RunView bad = drive(backfillRequest("app", "2024-01-01", "not-a-time"));
    assertThat(bad.models())
        .containsEntry("an.app", io.t4t.core.coordinate.Status.FAILED)
        .containsEntry("an.app_down", io.t4t.core.coordinate.Status.SKIPPED);
    assertThat(bad.messages().get("an.app"))
        .contains("Invalid --end 'not-a-time' for backfill of model an.app");
    assertThat(rows("SELECT id, amount FROM an.app")).containsExactly("1|1", "2|20", "3|3");
    assertThat(ledger("an.app")).hasSize(2);
  }

  private static io.t4t.events.RunRequested backfillRequest(
      String model, String start, String end) {
    return io.t4t.events.RunRequested.backfill(
        "p", new io.t4t.events.BackfillWindow(model, start, end), Map.of(), "api");
  }

  private io.t4t.core.coordinate.RunView drive(io.t4t.events.RunRequested request) {
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(dir))) {
      return io.t4t.core.testing.EventBus.drive(
          r, "backfill-" + java.util.UUID.randomUUID(), request, 2, null, e -> {});
    }
  }

  // ---- backfills through the services: the whole selection checked before any write (issue 15) --

  /**
   * A command whose window the planner could not judge (the planner-service plans from the files
   * and never asks the engine) reaches the executor, which refuses it naming the model and the
   * bound, and writes nothing.
   */
  @Test
  void backfillCommandWithABadWindowIsRefusedByTheExecutorAndChangesNothing() {
    events("1, 'a', '2024-01-01 00:00:00', 1", "2, 'b', '2024-01-02 00:00:00', 2");
    model("app", SELECT, incremental("append", "'time_column': 'ts'"));
    assertThat(run().ok()).isTrue();
    sql("UPDATE raw.events SET amount = 7");
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(dir))) {
      io.t4t.core.project.ModelName app = io.t4t.core.project.ModelName.parse("an.app");
      io.t4t.core.coordinate.ModelSlot.Known known =
          new io.t4t.core.coordinate.ModelSlot.Known(
              "incremental",
              r.project().models().get(app).sql().hash(),
              io.t4t.core.project.ModelConfigHash.of(r.project().models().get(app).config()),
              r.session().ledgerSeq(app));
      io.t4t.core.roles.ExecutorRole executor =
          new io.t4t.core.roles.ExecutorRole(r.session(), "test-executor");
      Map<String, String> refusals =
          Map.of(
              "2024-01-02|2024-01-01", "Invalid window for backfill of model an.app",
              "2024-01-01|not-a-time", "Invalid --end 'not-a-time' for backfill of model an.app");
      for (Map.Entry<String, String> bad : refusals.entrySet()) {
        String[] window = bad.getKey().split("\\|");
        io.t4t.events.ModelRunCommand command =
            new io.t4t.core.roles.StatePlanner(r.project())
                .command(app, backfillRequest("an.app", window[0], window[1]), 1, known);
        assertThat(command.mode()).isEqualTo("backfill");
        List<io.t4t.events.Envelope> out =
            executor.handle(
                io.t4t.events.EventJson.read(
                    io.t4t.events.EventJson.write(
                        io.t4t.events.Envelope.of("backfill-bad", command))));
        io.t4t.events.ModelFailed failed = (io.t4t.events.ModelFailed) out.get(1).payload();
        assertThat(failed.errorCode()).isEqualTo(io.t4t.events.ErrorCode.INVALID_MODEL);
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.message()).startsWith(bad.getValue());
      }
    }
    assertThat(rows("SELECT amount FROM an.app")).containsExactly("1", "2");
    assertThat(ledger("an.app")).hasSize(1);
  }

  /**
   * A backfill whose downstream model would be refused (here it has loaded no rows yet, which only
   * the warehouse shows) fails the backfilled model's command before it writes: through the
   * planner-service's path (commands planned from the files), as through {@code t4t backfill}.
   */
  @Test
  void backfillRefusedDownstreamLeavesTheRootUntouched() {
    events("1, 'a', '2024-01-01 00:00:00', 1", "2, 'b', '2024-01-02 00:00:00', 2");
    model("app", SELECT, incremental("append", "'time_column': 'ts'"));
    model(
        "app_none",
        "SELECT id, name, ts, amount FROM an.app WHERE id > 100",
        incremental("append", "'time_column': 'ts'"));
    assertThat(run().ok()).isTrue();
    sql("UPDATE raw.events SET amount = amount * 10");
    io.t4t.core.coordinate.RunView view;
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(dir))) {
      view =
          io.t4t.core.testing.EventBus.drive(
              r,
              "backfill-down",
              backfillRequest("an.app", "2024-01-01", "2024-01-02"),
              2,
              null,
              e -> {},
              new io.t4t.core.roles.StatePlanner(r.project()));
    }
    assertThat(view.done()).isTrue();
    assertThat(view.models())
        .containsEntry("an.app", io.t4t.core.coordinate.Status.FAILED)
        .containsEntry("an.app_none", io.t4t.core.coordinate.Status.SKIPPED);
    assertThat(view.messages().get("an.app"))
        .contains("Cannot backfill model an.app_none: it has loaded no rows yet");
    assertThatThrownBy(() -> backfill("an.app", "2024-01-01", "2024-01-02"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Cannot backfill model an.app_none: it has loaded no rows yet");
    assertThat(rows("SELECT id, amount FROM an.app")).containsExactly("1|1", "2|2");
    assertThat(ledger("an.app")).hasSize(1);
  }

  // ---- issue 15 correctness gaps: relationships order, column types in DDL, retyped keys ----

  /**
   * A statement creating an enum type of the engine's own and that type's name, or null where the
   * engine has none (Trino).
   */
  protected String[] enumType() {
    return null;
  }

  /** Replaces the view raw.{@code name} with {@code select}. */
  private void sourceView(String name, String select) {
    sql("DROP VIEW IF EXISTS raw." + name, "CREATE VIEW raw." + name + " AS " + select);
  }

  /**
   * A model whose relationships test names another model runs after it, whatever their names'
   * order: its audit reads the parent as this run built it.
   */
  @Test
  void aModelWhoseRelationshipsTestNamesAModelRunsAfterIt() {
    events("1, 'a', '2024-01-10 00:00:00', 1");
    model(
        "a_child",
        "SELECT id FROM raw.events",
        "{'tests': [{'test': 'relationships', 'column': 'id', 'to': 'an.z_parent',"
            + " 'field': 'id'}]}");
    model("z_parent", "SELECT id FROM raw.events", null);

    RunSummary s = run();

    assertThat(s.ok()).as(s.toString()).isTrue();
    assertThat(s.outcomes())
        .extracting(o -> o.model().toString())
        .containsExactly("an.z_parent", "an.a_child");
  }

  /**
   * Columns added with append_new_columns are written in the type the engine stores: a DECIMAL and
   * a TIMESTAMP WITH TIME ZONE computed by the query (Trino reports TIMESTAMP(3) WITH TIME ZONE,
   * which Iceberg's ADD COLUMN refuses).
   */
  @Test
  void addedDecimalAndZonedTimestampColumnsAreAddedAsTheEngineStoresThem() {
    events("1, 'a', '2024-01-05 00:00:00', 10");
    sourceView("typed", "SELECT id, ts FROM raw.events");
    model(
        "typed",
        "SELECT * FROM raw.typed",
        "{'on_schema_change': 'append_new_columns', "
            + incremental("append", "'time_column': 'ts'").substring(1));
    assertThat(run().ok()).isTrue();
    sourceView(
        "typed",
        "SELECT id, ts, CAST(amount AS DECIMAL(18,3)) AS price,"
            + " CAST('2024-01-06 00:00:00 UTC' AS TIMESTAMP WITH TIME ZONE) AS at_tz"
            + " FROM raw.events");
    events("2, 'b', '2024-01-06 00:00:00', 20");

    RunOutcome o = outcome(run(), "an.typed");

    assertThat(o.ok()).as(o.message()).isTrue();
    Map<String, String> columns = schemaColumns("typed");
    assertThat(columns).containsOnlyKeys("id", "ts", "price", "at_tz");
    assertThat(columns.get("price")).matches("(decimal|numeric).*");
    assertThat(columns.get("at_tz")).contains("with time zone");
    assertThat(
            rows(
                "SELECT id, CAST(price * 2 AS INTEGER),"
                    + " CASE WHEN at_tz IS NULL THEN 0 ELSE 1 END FROM an.typed"))
        .containsExactly("1|null|0", "2|40|1");
    // the next run sees no change: the column's stored type is the query's
    assertThat(outcome(run(), "an.typed").ok()).isTrue();
  }

  /**
   * A column of a type the engine names only partly in a query's metadata (DuckDB: ENUM without its
   * values; PostgreSQL: a user-defined enum by its bare name) cannot be written in ALTER TABLE:
   * append_new_columns refuses, naming model, column and type, and changes nothing;
   * sync_all_columns rebuilds the table with the atomic build-and-swap.
   */
  @Test
  void anAddedEnumColumnIsRefusedByAppendNewColumnsAndRebuiltBySync() {
    String[] enumType = enumType();
    if (enumType == null) {
      return; // the engine has no enum types
    }
    sql(enumType[0]);
    events("1, 'a', '2024-01-05 00:00:00', 10");
    sourceView("moody", "SELECT id, ts FROM raw.events");
    for (String mode : List.of("append_new_columns", "sync_all_columns")) {
      model(
          "mood_" + mode,
          "SELECT * FROM raw.moody",
          "{'on_schema_change': '"
              + mode
              + "', "
              + incremental("append", "'time_column': 'ts'").substring(1));
    }
    assertThat(run().ok()).isTrue();
    sourceView("moody", "SELECT id, ts, CAST(name AS " + enumType[1] + ") AS mood FROM raw.events");
    events("2, 'b', '2024-01-06 00:00:00', 20");

    RunSummary s = run();

    RunOutcome refused = outcome(s, "an.mood_append_new_columns");
    assertThat(refused.errorCode()).isEqualTo(ErrorCode.SCHEMA_CHANGED);
    assertThat(refused.message())
        .startsWith("Cannot load an.mood_append_new_columns incrementally")
        .contains("cannot write column 'mood'")
        .contains("--full-refresh");
    assertThat(schemaColumns("mood_append_new_columns")).containsOnlyKeys("id", "ts");
    assertThat(rows("SELECT id FROM an.mood_append_new_columns")).containsExactly("1");
    assertThat(outcome(s, "an.mood_sync_all_columns").ok()).isTrue();
    assertThat(rows("SELECT id, CAST(mood AS VARCHAR) FROM an.mood_sync_all_columns"))
        .containsExactly("1|a", "2|b");
    // the rebuilt table's enum column is the query's: the next run loads incrementally
    ModelRun next =
        plan().stream()
            .filter(p -> p.name().name().equals("mood_sync_all_columns"))
            .findFirst()
            .orElseThrow();
    assertThat(next.mode()).as(next.reason()).isEqualTo(RunMode.INCREMENTAL);
  }

  /**
   * Retyping the time column (or the unique key) in place would leave the window's bounds typed as
   * the old column: sync_all_columns refuses, saying a full refresh is needed, and changes nothing;
   * --full-refresh rebuilds it.
   */
  @Test
  void retypingTheTimeColumnOrTheKeyInPlaceIsRefusedUntilAFullRefresh() {
    schemaSource(
        "retimed",
        "CAST(id AS INTEGER) AS id, CAST(ts AS TIMESTAMP) AS ts",
        "id, ts",
        "1, '2024-01-05 10:00:00'");
    model(
        "retimed",
        "SELECT * FROM raw.retimed",
        "{'on_schema_change': 'sync_all_columns', "
            + incremental("append", "'time_column': 'ts'").substring(1));
    model(
        "rekeyed",
        "SELECT * FROM raw.retimed",
        "{'on_schema_change': 'sync_all_columns', "
            + incremental("merge", "'unique_key': ['id'], 'time_column': 'ts'").substring(1));
    assertThat(run().ok()).isTrue();
    schemaSource(
        "retimed",
        "CAST(id AS BIGINT) AS id, CAST(ts AS DATE) AS ts",
        "id, ts",
        "1, '2024-01-05'",
        "2, '2024-01-07'");
    Map<String, ModelState> before = state();

    RunSummary s = run();

    for (String m : List.of("retimed", "rekeyed")) {
      RunOutcome o = outcome(s, "an." + m);
      assertThat(o.errorCode()).as(m).isEqualTo(ErrorCode.SCHEMA_CHANGED);
      assertThat(o.message())
          .as(m)
          .startsWith("Cannot load an." + m + " incrementally")
          .contains(
              m.equals("retimed")
                  ? "column 'ts' is the time column, whose type the incremental window"
                  : "column 'id' is part of the unique key, whose type loaded rows are matched")
          .contains("--full-refresh");
      assertThat(schemaColumns(m).get("ts")).as(m).startsWith("timestamp");
      assertThat(rows("SELECT id FROM an." + m)).as(m).containsExactly("1");
    }
    assertThat(state()).isEqualTo(before);
    assertThat(run(new RunOptions(Map.of(), List.of(), List.of(), true)).ok()).isTrue();
    assertThat(schemaColumns("retimed").get("ts")).isEqualTo("date");
    assertThat(rows("SELECT id FROM an.rekeyed")).containsExactly("1", "2");
  }

  /**
   * A backfill planned in one session while another session runs the model (a second t4t on the
   * same warehouse) fails as stale when it would write, changing nothing: the other run's rows,
   * ledger and watermark stay. DuckDB has one writer process per file, so this needs an engine with
   * concurrent writers.
   */
  @Test
  void aBackfillPlannedBeforeAnotherSessionsRunFailsAsStaleAndChangesNothing() {
    if (!hasBehavior(io.t4t.core.dialect.Capability.CONCURRENT_WRITERS)) {
      return; // one writer process per file
    }
    events("1, 'a', '2024-01-01 00:00:00', 1", "2, 'b', '2024-01-02 00:00:00', 2");
    model("inc", "SELECT * FROM raw.events", incremental("append", "'time_column': 'ts'"));
    model("inc_down", "SELECT * FROM an.inc", incremental("append", "'time_column': 'ts'"));
    assertThat(run().ok()).isTrue();
    RunSummary stale;
    // the first session (without the state file, which the second one keeps) plans the backfill
    try (ProjectRunner first = ProjectRunner.open(ProjectLoader.load(dir), false)) {
      io.t4t.core.run.Backfill.Plan plan =
          io.t4t.core.run.Backfill.planned(
              first.session(),
              new io.t4t.core.run.Backfill.Request("inc", "2024-01-01", "2024-01-02", Map.of()));
      // ... the second session runs the model meanwhile: new rows, a later watermark
      events("3, 'c', '2024-01-03 00:00:00', 3");
      assertThat(run().ok()).isTrue();
      stale = io.t4t.core.run.Backfill.apply(first.session(), plan);
    }
    List<String> rowsAfterRun = List.of("1|1", "2|2", "3|3");
    List<io.t4t.core.execute.LedgerEntry> ledgerAfterRun = ledger("an.inc");

    RunOutcome o = outcome(stale, "an.inc");
    assertThat(o.errorCode()).isEqualTo(ErrorCode.STALE_PLAN);
    assertThat(o.message())
        .startsWith("Cannot backfill an.inc: it was planned from ledger position")
        .endsWith("nothing was changed, run the backfill again");
    assertThat(outcome(stale, "an.inc_down").status()).isEqualTo(RunOutcome.Status.SKIPPED);
    assertThat(rows("SELECT id, amount FROM an.inc")).isEqualTo(rowsAfterRun);
    assertThat(ledgerAfterRun).hasSize(2);
    assertThat(state().get("an.inc").lastProcessedValue()).isEqualTo("2024-01-03T00:00:00");
    // run again, the backfill plans from the new position and keeps the later watermark
    assertThat(backfill("inc", "2024-01-01", "2024-01-02").ok()).isTrue();
    assertThat(rows("SELECT id, amount FROM an.inc")).isEqualTo(rowsAfterRun);
    assertThat(state().get("an.inc").lastProcessedValue()).isEqualTo("2024-01-03T00:00:00");
  }

  // ---- failed runs in the run history (issue 15, decision 0014) ----

  /** The failed and skipped runs recorded for {@code model}, newest first. */
  protected List<io.t4t.core.execute.RunFailure> failures(String model) {
    try (ProjectRunner r = ProjectRunner.openReadOnly(ProjectLoader.load(dir))) {
      var failures = new io.t4t.core.execute.RunFailures(r.warehouse());
      return failures.exists() ? failures.history(model, 100) : List.of();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** run id, kind, window, outcome and error code of a failure record, e.g. "r1 backfill ...". */
  private static String failure(io.t4t.core.execute.RunFailure f) {
    return f.runId()
        + " "
        + f.runKind()
        + " "
        + f.windowStart()
        + ".."
        + f.windowEnd()
        + " "
        + f.outcome()
        + " "
        + f.errorCode();
  }

  /**
   * A run refused by a blocking audit rolls back with its ledger row, but its attempt is recorded
   * apart, as is its dependent's skip and a failed backfill with its window.
   */
  @Test
  void aFailedRunChangesNothingButIsRecordedWithItsKindWindowAndError() {
    events("1, 'a', '2024-01-10 00:00:00', 1");
    model(
        "m",
        SELECT,
        withTests(
            incremental("append", "'time_column': 'ts'"),
            "{'test': 'not_null', 'columns': ['amount']}"));
    model("child", "SELECT id FROM an.m", "{'materialization': 'table'}");
    assertThat(run().ok()).isTrue();
    assertThat(failures("an.m")).isEmpty();
    List<String> before = table("m");
    List<String> ledgerBefore = ledgerRows("an.m");
    events("2, 'b', '2024-01-11 00:00:00', NULL");

    RunSummary s = run();

    assertThat(outcome(s, "an.m").errorCode()).isEqualTo(ErrorCode.AUDIT_FAILED);
    assertThat(table("m")).isEqualTo(before);
    assertThat(ledgerRows("an.m")).isEqualTo(ledgerBefore);
    List<io.t4t.core.execute.RunFailure> failed = failures("an.m");
    assertThat(failed).hasSize(1);
    assertThat(failure(failed.get(0)))
        .isEqualTo(s.runId() + " incremental 2024-01-10T00:00:00..null audit_failed AUDIT_FAILED");
    assertThat(failed.get(0).error())
        .startsWith("Cannot publish an.m: audit not_null(amount) failed on the batch");
    assertThat(failed.get(0).durationMillis()).isNotNull().isGreaterThanOrEqualTo(0);
    assertThat(failed.get(0).failedAt()).isNotNull();
    List<io.t4t.core.execute.RunFailure> skipped = failures("an.child");
    assertThat(skipped).hasSize(1);
    assertThat(failure(skipped.get(0)))
        .isEqualTo(s.runId() + " null null..null skipped UPSTREAM_FAILED");
    assertThat(skipped.get(0).error()).contains("an.m");

    RunSummary b = backfill("an.m", "2024-01-10", "2024-01-12");

    assertThat(outcome(b, "an.m").errorCode()).isEqualTo(ErrorCode.AUDIT_FAILED);
    assertThat(table("m")).isEqualTo(before);
    assertThat(ledgerRows("an.m")).isEqualTo(ledgerBefore);
    assertThat(failures("an.m")).hasSize(2);
    assertThat(failure(failures("an.m").get(0)))
        .matches(b.runId() + " backfill 2024-01-10.*\\.\\.2024-01-12.* audit_failed AUDIT_FAILED");
    assertThat(failure(failures("an.child").get(0)))
        .isEqualTo(b.runId() + " full null..null skipped UPSTREAM_FAILED");
  }

  /** A statement the engine rejects fails the run with its SQL error, recorded with the model. */
  @Test
  void aRunTheEngineRejectsIsRecordedAsFailedWithTheEnginesError() {
    events("1, 'a', '2024-01-10 00:00:00', 1");
    model("t", "SELECT id, name FROM raw.events", "{'materialization': 'table'}");
    assertThat(run().ok()).isTrue();
    List<String> ledgerBefore = ledgerRows("an.t");
    // a cast that fails only on the rows, not when the query is described
    model(
        "t",
        "SELECT id, CAST(name AS INTEGER) AS name FROM raw.events",
        "{'materialization': 'table'}");

    RunSummary s = run();

    RunOutcome o = outcome(s, "an.t");
    assertThat(o.errorCode()).isEqualTo(ErrorCode.SQL_ERROR);
    assertThat(rows("SELECT id, name FROM an.t")).containsExactly("1|a");
    assertThat(ledgerRows("an.t")).isEqualTo(ledgerBefore);
    List<io.t4t.core.execute.RunFailure> failed = failures("an.t");
    assertThat(failed).hasSize(1);
    assertThat(failure(failed.get(0))).isEqualTo(s.runId() + " full null..null failed SQL_ERROR");
    assertThat(failed.get(0).error())
        .startsWith("Cannot run model an.t: ")
        .isEqualTo(io.t4t.core.error.Messages.firstLine(o.message()))
        .doesNotContain("\n");
  }

  /** If the failure cannot be recorded, the run still fails with its own error, not that one. */
  @Test
  void aFailureThatCannotBeRecordedNeverHidesTheRunsOwnError() {
    events("1, 'a', '2024-01-10 00:00:00', NULL");
    model(
        "m",
        SELECT,
        withTests(
            incremental("append", "'time_column': 'ts'"),
            "{'test': 'not_null', 'columns': ['amount']}"));
    // something else holds the table's name: every insert into it fails
    sql(
        "CREATE SCHEMA IF NOT EXISTS _t4t",
        "CREATE VIEW _t4t.run_failures AS SELECT 1 AS unrelated");

    RunOutcome o = outcome(run(), "an.m");

    assertThat(o.status()).isEqualTo(RunOutcome.Status.FAILED);
    assertThat(o.errorCode()).isEqualTo(ErrorCode.AUDIT_FAILED);
    assertThat(o.message()).startsWith("Cannot publish an.m: audit not_null(amount) failed");
    assertThat(rows("SELECT unrelated FROM _t4t.run_failures")).containsExactly("1");
  }

  /**
   * An executor that refuses a command's plan (here a backfill bound the engine cannot read)
   * records the failure with the command's kind and window, as the services' executors do.
   */
  @Test
  void aCommandTheExecutorRefusesToPlanIsRecordedWithItsKindAndWindow() {
    events("1, 'a', '2024-01-01 00:00:00', 1", "2, 'b', '2024-01-02 00:00:00', 2");
    model("app", SELECT, incremental("append", "'time_column': 'ts'"));
    assertThat(run().ok()).isTrue();
    String runId = "backfill-" + java.util.UUID.randomUUID();

    List<io.t4t.events.Envelope> out;
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(dir))) {
      long seq = r.session().ledgerSeq(io.t4t.core.project.ModelName.parse("an.app"));
      out =
          new io.t4t.core.roles.ExecutorRole(r.session(), "test-executor")
              .handle(
                  io.t4t.events.Envelope.of(
                      runId,
                      new io.t4t.events.ModelRunCommand(
                          "an.app",
                          "backfill",
                          seq,
                          Map.of(),
                          false,
                          1,
                          "2024-01-01",
                          "not-a-time")));
    }

    assertThat(out.get(out.size() - 1).payload())
        .isInstanceOfSatisfying(
            io.t4t.events.ModelFailed.class,
            f -> assertThat(f.errorCode()).isEqualTo(ErrorCode.INVALID_MODEL));
    assertThat(ledger("an.app")).hasSize(1);
    List<io.t4t.core.execute.RunFailure> failed = failures("an.app");
    assertThat(failed).hasSize(1);
    assertThat(failure(failed.get(0)))
        .isEqualTo(runId + " backfill 2024-01-01..not-a-time failed INVALID_MODEL");
    assertThat(failed.get(0).error())
        .contains("Invalid --end 'not-a-time' for backfill of model an.app");
  }
}
