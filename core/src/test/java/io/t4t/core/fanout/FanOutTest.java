package io.t4t.core.fanout;

import static io.t4t.core.testing.TestModels.incremental;
import static org.assertj.core.api.Assertions.assertThat;

import io.t4t.core.coordinate.RunView;
import io.t4t.core.coordinate.Status;
import io.t4t.core.project.ProjectLoader;
import io.t4t.core.roles.LocalRun;
import io.t4t.core.roles.RunOptions;
import io.t4t.core.run.ProjectRunner;
import io.t4t.core.testing.EventBus;
import io.t4t.core.testing.Postgres;
import io.t4t.events.BucketCompleted;
import io.t4t.events.BucketFailed;
import io.t4t.events.Envelope;
import io.t4t.events.ErrorCode;
import io.t4t.events.MergeTask;
import io.t4t.events.RunRequested;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fan-out to merge sinks, on both engines, through the roles as the services compose them (every
 * event goes through JSON): buckets delivered twice and out of order, the collector, the watermark,
 * the whole-delta key checks (the same as without fan-out), and a failing bucket. The result must
 * equal the same project run without fan-out.
 */
class FanOutTest {
  @TempDir Path dir;

  private String engine;

  private Path project(String name, int buckets) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.resolve("models/an"));
    String connection;
    if (engine.equals("duckdb")) {
      connection = "type = \"duckdb\"\npath = \"data/w.duckdb\"\nschema = \"an\"\n";
    } else {
      String db = Postgres.createDatabase("fanout_" + name);
      connection =
          "type = \"postgres\"\nport = "
              + Postgres.port()
              + "\ndatabase = \""
              + db
              + "\"\nuser = \"postgres\"\nschema = \"an\"\n";
    }
    Files.writeString(
        p.resolve("project.toml"),
        "[connection]\n" + connection + "\n[fan_out]\nbuckets = " + buckets + "\nmin_rows = 10\n");
    String select = "SELECT id, name, ts, amount FROM raw.events";
    write(p, "upserted", select, "merge", "'unique_key': ['id'], 'time_column': 'ts'");
    write(
        p,
        "latest",
        select,
        "merge",
        "'unique_key': ['name'], 'time_column': 'ts', 'on_duplicate_keys': 'keep_latest'");
    write(
        p,
        "daily",
        "SELECT CAST(ts AS DATE) AS day, count(*) AS n, sum(amount) AS amount FROM raw.events"
            + " GROUP BY 1",
        "delete_insert",
        "'time_column': 'day', 'lookback': '1 day'");
    sql(
        p,
        "CREATE SCHEMA IF NOT EXISTS raw",
        "CREATE TABLE raw.events (id INTEGER, name VARCHAR(20), ts TIMESTAMP, amount INTEGER)");
    events(p, 0, 2000, 0);
    return p;
  }

  private static void write(Path p, String name, String sql, String strategy, String block)
      throws IOException {
    Files.writeString(p.resolve("models/an/" + name + ".sql"), sql);
    Files.writeString(
        p.resolve("models/an/" + name + ".py"),
        "metadata = " + incremental(strategy, block) + "\n");
  }

  /** Rows {@code from..to}: ids, 50 names, one per hour from 2024-01-01 plus {@code shift}. */
  private void events(Path p, int from, int to, int amountShift) {
    sql(
        p,
        "INSERT INTO raw.events SELECT i, 'n' || (i % 50), TIMESTAMP '2024-01-01 00:00:00' + i *"
            + " INTERVAL '1 hour', i % 7 + "
            + amountShift
            + " FROM "
            + (engine.equals("duckdb")
                ? "range(" + from + ", " + to + ") t(i)"
                : "generate_series(" + from + ", " + (to - 1) + ") AS t(i)"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"duckdb", "postgres"})
  void bucketsDeliveredTwiceAndOutOfOrderGiveTheResultOfARunWithoutFanOut(String engine)
      throws Exception {
    this.engine = engine;
    Path plain = project("plain", 1);
    Path fanned = project("fanned", 4);
    for (Path p : List.of(plain, fanned)) {
      try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(p))) {
        assertThat(LocalRun.run(r.session(), RunOptions.defaults()).ok())
            .isTrue(); // first builds never fan out
      }
      // late rows inside the lookback, updates of existing keys, and new rows
      sql(p, "UPDATE raw.events SET amount = amount + 100 WHERE id % 3 = 0 AND id >= 1500");
      events(p, 2000, 2600, 0);
    }
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(plain))) {
      assertThat(LocalRun.run(r.session(), RunOptions.defaults()).ok()).isTrue();
    }
    List<String> seen = new ArrayList<>();
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(fanned))) {
      Map<String, String> stateBefore = watermarks(r);
      RunView progress =
          drive(
              r,
              seen,
              e -> {
                // after 3 of 4 buckets of a model, its watermark has not moved
                if (e.payload() instanceof BucketCompleted b && !b.alreadyApplied()) {
                  assertThat(watermarks(r).get(b.model())).isEqualTo(stateBefore.get(b.model()));
                }
                return false;
              });
      assertThat(progress.models().values()).containsOnly(Status.SUCCEEDED);
      assertThat(watermarks(r)).isNotEqualTo(stateBefore);
    }
    // each command is delivered twice: the second finds the stage and sends the 4 tasks again;
    // each task is delivered twice: 16 bucket outcomes per model, 4 of them first applications
    assertThat(seen).filteredOn(s -> s.startsWith("model_fanned_out")).hasSize(6);
    assertThat(seen).filteredOn(s -> s.startsWith("merge_task")).hasSize(24);
    assertThat(seen).filteredOn(s -> s.startsWith("bucket_completed")).hasSize(48);
    assertThat(seen).filteredOn(s -> s.startsWith("model_completed")).hasSize(3);
    for (String t : List.of("upserted", "latest", "daily")) {
      assertThat(rows(fanned, "SELECT * FROM an." + t))
          .as(t)
          .isEqualTo(rows(plain, "SELECT * FROM an." + t))
          .isNotEmpty();
    }
    assertThat(
            rows(
                fanned,
                "SELECT model_name, last_processed_value, rows_written FROM _t4t.ledger WHERE"
                    + " seq > 3"))
        .isEqualTo(
            rows(
                plain,
                "SELECT model_name, last_processed_value, rows_written FROM _t4t.ledger WHERE"
                    + " seq > 3"));
    // stages are gone once finished
    assertThat(rows(fanned, "SELECT count(*) FROM _t4t.stages")).containsExactly("0");
    assertThat(rows(fanned, "SELECT count(*) FROM _t4t.buckets")).containsExactly("0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"duckdb", "postgres"})
  void duplicateKeysAreFoundInTheWholeDeltaBeforeAnyBucketAndAFailedBucketFailsTheRunNamingIt(
      String engine) throws Exception {
    this.engine = engine;
    Path fanned = builtOnce();
    assertThat(
            refusedBeforeAnyBucket(
                fanned,
                "INSERT INTO raw.events VALUES (2050, 'dup', TIMESTAMP '2025-01-01 00:00:00', 1)"))
        .contains("Cannot merge into an.upserted")
        .contains("MERGE_TARGET_ROW_MULTIPLE_MATCHES")
        .endsWith("Duplicate keys: 2050");

    // a bucket that cannot be applied (its stage vanished) fails the run, naming the bucket
    sql(fanned, "DELETE FROM raw.events WHERE name = 'dup'");
    List<String> seen = new ArrayList<>();
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(fanned))) {
      String watermark = watermarks(r).get("an.upserted");
      RunView progress =
          drive(
              r,
              seen,
              e -> {
                if (e.payload() instanceof MergeTask t && t.bucket() == 2) {
                  sql(fanned, "DELETE FROM _t4t.stages");
                  return false;
                }
                return false;
              },
              "an.upserted");
      assertThat(progress.models().values()).containsOnly(Status.FAILED);
      assertThat(progress.messages().values().iterator().next())
          .matches("Bucket [0-3] of 4 of an.upserted failed \\([0-3] of 4 applied; (?s).*")
          .contains("has no staged delta")
          .contains("the watermark did not advance");
      assertThat(watermarks(r).get("an.upserted")).isEqualTo(watermark);
    }
    assertThat(seen).anyMatch(s -> s.startsWith("bucket_failed"));
    // the refused staging and the failed bucket are in the run history (decision 0014)
    assertThat(
            rows(
                fanned,
                "SELECT model_name, run_kind, outcome, error_code FROM _t4t.run_failures"
                    + " WHERE error_code <> 'TRANSIENT'"))
        .contains(
            "an.upserted|incremental|failed|DUPLICATE_KEYS",
            "an.upserted|incremental|failed|INTERNAL");
    assertThat(rows(fanned, "SELECT error_message FROM _t4t.run_failures"))
        .anyMatch(m -> m.matches("Cannot apply bucket [0-3] of 4 of an.upserted: run .*"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"duckdb", "postgres"})
  void aNullKeyInAFannedOutDeltaIsRefusedBeforeRepeatedKeysNamingTheModelAndKey(String engine)
      throws Exception {
    this.engine = engine;
    // both checks would refuse this delta: the NULL key is named first, as without fan-out
    assertThat(
            refusedBeforeAnyBucket(
                builtOnce(),
                "INSERT INTO raw.events VALUES (NULL, 'nokey', TIMESTAMP '2025-01-01 00:00:00', 1)",
                "INSERT INTO raw.events VALUES (2050, 'dup', TIMESTAMP '2025-01-01 00:00:00', 1)"))
        .startsWith("Cannot merge into an.upserted: the delta has rows whose unique key [id] is")
        .endsWith("Keys: null");
  }

  @ParameterizedTest
  @ValueSource(strings = {"duckdb", "postgres"})
  void aFannedOutBatchFailingABlockingAuditIsRefusedBeforeAnyBucket(String engine)
      throws Exception {
    this.engine = engine;
    Path fanned = builtOnce();
    // tests are not part of the config hash: adding one does not rebuild the model
    Files.writeString(
        fanned.resolve("models/an/upserted.py"),
        "metadata = "
            + incremental("merge", "'unique_key': ['id'], 'time_column': 'ts'")
                .replaceFirst("}$", "")
            + ", 'tests': [{'test': 'accepted_values', 'column': 'amount',"
            + " 'values': [0, 1, 2, 3, 4, 5, 6]}]}\n");
    assertThat(
            refusedBeforeAnyBucket(
                fanned,
                "INSERT INTO raw.events VALUES (2150, 'odd', TIMESTAMP '2025-01-01 00:00:00', 99)"))
        .startsWith("Cannot publish an.upserted: audit accepted_values(amount) failed on the batch")
        // the run's progress needs no token to read: its failing rows are in the run history
        .endsWith("; its failing rows are in the model's run history")
        .doesNotContain("(99, 1)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"duckdb", "postgres"})
  void aFannedOutRunReportsItsAuditsWhenItFinishes(String engine) throws Exception {
    this.engine = engine;
    Path fanned = builtOnce();
    Files.writeString(
        fanned.resolve("models/an/upserted.py"),
        "metadata = "
            + incremental("merge", "'unique_key': ['id'], 'time_column': 'ts'")
                .replaceFirst("}$", "")
            + ", 'tests': [{'test': 'not_null', 'columns': ['id']},"
            + " {'test': 'accepted_values', 'column': 'amount', 'values': [0, 1, 2, 3, 4, 5, 6],"
            + " 'severity': 'warn'}]}\n");
    events(fanned, 2000, 2100, 0);
    sql(fanned, "INSERT INTO raw.events VALUES (2150, 'odd', TIMESTAMP '2025-01-01 00:00:00', 99)");
    List<String> seen = new ArrayList<>();
    List<io.t4t.events.ModelCompleted> completed = new ArrayList<>();
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(fanned))) {
      RunView progress =
          drive(
              r,
              seen,
              e -> {
                if (e.payload() instanceof io.t4t.events.ModelCompleted c) {
                  completed.add(c);
                }
                return false;
              },
              "an.upserted");
      assertThat(progress.models().values()).containsOnly(Status.SUCCEEDED);
    }
    assertThat(seen).anyMatch(s -> s.startsWith("merge_task")); // it did fan out
    assertThat(completed).isNotEmpty();
    // the warn failure goes on and is reported, with the test that passed, when the run finishes
    assertThat(completed.get(0).tests())
        .containsExactly(
            new io.t4t.events.TestOutcome("not_null(id)", "error", true, List.of()),
            new io.t4t.events.TestOutcome(
                "accepted_values(amount)", "warn", false, List.of("(99, 1)")));
    assertThat(rows(fanned, "SELECT amount FROM an.upserted WHERE id = 2150"))
        .containsExactly("99");
    // its ledger row has the window it loaded, as a run without fan-out records it
    assertThat(
            rows(
                fanned,
                "SELECT count(window_start), count(window_end) FROM _t4t.ledger"
                    + " WHERE model_name = 'an.upserted' AND seq = (SELECT max(seq) FROM"
                    + " _t4t.ledger WHERE model_name = 'an.upserted')"))
        .containsExactly("1|1");
  }

  /** The fan-out project, built once (first builds never fan out). */
  private Path builtOnce() throws Exception {
    Path fanned = project("fanned", 4);
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(fanned))) {
      assertThat(LocalRun.run(r.session(), RunOptions.defaults()).ok()).isTrue();
    }
    return fanned;
  }

  /**
   * Adds new events and {@code badRows} and runs an.upserted, which must fail before any bucket
   * with the target, its watermark and the stage registry unchanged; returns the failure message.
   */
  private String refusedBeforeAnyBucket(Path fanned, String... badRows) throws Exception {
    List<String> before = rows(fanned, "SELECT * FROM an.upserted");
    events(fanned, 2000, 2100, 0);
    sql(fanned, badRows);
    List<String> seen = new ArrayList<>();
    String message;
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(fanned))) {
      String watermark = watermarks(r).get("an.upserted");
      RunView progress = drive(r, seen, e -> false, "an.upserted");
      assertThat(progress.models().values()).containsOnly(Status.FAILED);
      message = progress.messages().values().iterator().next();
      assertThat(watermarks(r).get("an.upserted")).isEqualTo(watermark);
    }
    assertThat(seen).noneMatch(s -> s.startsWith("merge_task"));
    assertThat(rows(fanned, "SELECT * FROM an.upserted")).isEqualTo(before);
    assertThat(rows(fanned, "SELECT count(*) FROM _t4t.stages")).containsExactly("0");
    return message;
  }

  /**
   * Runs the selected models through the roles: every command and every merge task is delivered
   * twice, merge tasks and bucket outcomes in shuffled order. {@code hook} sees each event first.
   */
  private RunView drive(
      ProjectRunner r, List<String> seen, Predicate<Envelope> hook, String... select) {
    RunView progress =
        EventBus.drive(
            r,
            "run-2",
            new RunRequested(
                r.project().folder(), List.of(select), List.of(), Map.of(), false, "api"),
            2,
            new Random(42),
            e -> {
              seen.add(e.type().wireName() + ":" + e.key());
              hook.test(e);
              if (e.payload() instanceof BucketFailed b) {
                assertThat(b.errorCode()).isEqualTo(ErrorCode.INTERNAL);
              }
            });
    assertThat(progress.done()).isTrue();
    return progress;
  }

  private static Map<String, String> watermarks(ProjectRunner r) {
    Map<String, String> out = new java.util.TreeMap<>();
    r.state().forEach((m, s) -> out.put(m, s.lastProcessedValue()));
    return out;
  }

  private Connection connect(Path p) throws SQLException {
    if (engine.equals("duckdb")) {
      return DriverManager.getConnection("jdbc:duckdb:" + p.resolve("data/w.duckdb"));
    }
    String toml;
    try {
      toml = Files.readString(p.resolve("project.toml"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    String db = toml.replaceAll("(?s).*database = \"([^\"]+)\".*", "$1");
    return Postgres.connect(db);
  }

  private void sql(Path p, String... statements) {
    try {
      Files.createDirectories(p.resolve("data"));
      try (Connection c = connect(p)) {
        for (String s : statements) {
          try (Statement st = c.createStatement()) {
            st.execute(s);
          }
        }
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<String> rows(Path p, String query) throws SQLException {
    try (Connection c = connect(p);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      List<String> out = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> cells = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          cells.add(rs.getString(i));
        }
        out.add(String.join("|", cells));
      }
      Collections.sort(out);
      return out;
    }
  }
}
