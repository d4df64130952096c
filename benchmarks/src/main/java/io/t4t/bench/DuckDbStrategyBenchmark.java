package io.t4t.bench;

import io.t4t.core.project.ProjectLoader;
import io.t4t.core.roles.RunOptions;
import io.t4t.core.roles.RunSummary;
import io.t4t.core.run.ProjectRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * t4t's incremental runs on DuckDB against the statements other tools run, on the same data in the
 * same process: merge vs one native {@code MERGE INTO} (dbt-duckdb, the Python t4t) and vs a raw
 * DELETE+INSERT transaction; append and delete_insert vs their raw statements. Before every timed
 * run the target table and the state file are restored, and every variant's result is checked
 * against the others (same row count and content checksum). Variants alternate within each round.
 */
public final class DuckDbStrategyBenchmark {
  private final Path dir;
  private final long rows;
  private final long delta;
  private final int rounds;
  private final int warmup;

  private DuckDbStrategyBenchmark(Path dir, long rows, long delta, int rounds, int warmup) {
    this.dir = dir;
    this.rows = rows;
    this.delta = delta;
    this.rounds = rounds;
    this.warmup = warmup;
  }

  public static void main(String[] args) throws Exception {
    long rows = 10_000_000;
    long delta = 1_000_000;
    int rounds = 3;
    int warmup = 1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows" -> rows = Long.parseLong(args[++i]);
        case "--delta" -> delta = Long.parseLong(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Logger.getLogger("").setLevel(Level.WARNING);
    Path dir = Files.createTempDirectory("t4t-bench");
    try {
      new DuckDbStrategyBenchmark(dir, rows, delta, rounds, warmup).run();
    } finally {
      deleteTree(dir);
    }
  }

  private void run() throws Exception {
    System.out.printf(
        "DuckDB strategy benchmark: target %,d rows, delta %,d rows (half updates), %d rounds"
            + " after %d untimed warm-up round(s)%n",
        rows, delta, rounds, warmup);
    Files.createDirectories(dir.resolve("models/an"));
    Files.writeString(
        dir.resolve("project.toml"),
        "project_folder = \"bench\"\n[connection]\ntype = \"duckdb\"\npath = \"data/bench.duckdb\"\n"
            + "schema = \"an\"\n");
    String select = "SELECT id, name, ts, amount, status FROM raw.events";
    model("m_merge", select, "'merge', 'merge': {'unique_key': ['id'], 'time_column': 'ts'}");
    model("m_append", select, "'append', 'append': {'time_column': 'ts'}");
    model("m_di", select, "'delete_insert', 'delete_insert': {'time_column': 'ts'}");

    long half = delta / 2;
    long t0 = System.nanoTime();
    sql(
        "CREATE SCHEMA raw",
        "CREATE TABLE raw.events AS SELECT i AS id, 'name_' || (i % 1000) AS name,"
            + " TIMESTAMP '2024-01-01' + to_seconds(i) AS ts, (i % 97)::DOUBLE AS amount,"
            + " CASE WHEN i % 3 = 0 THEN 'a' ELSE 'b' END AS status FROM range("
            + rows
            + ") t(i)");
    RunSummary first = t4t();
    check(first);
    String watermark = value("SELECT max(ts) FROM raw.events");
    // The delta: half updates of existing keys (spread over the table), half new keys.
    sql(
        "UPDATE raw.events SET ts = ts + INTERVAL 3650 DAY, amount = amount + 1 WHERE id % "
            + (rows / half)
            + " = 0 AND id < "
            + (half * (rows / half)),
        "INSERT INTO raw.events SELECT i AS id, 'new_' || (i % 1000), TIMESTAMP '2034-06-01' +"
            + " to_seconds(i), 1.0, 'c' FROM range("
            + rows
            + ", "
            + (rows + half)
            + ") t(i)");
    long changed =
        Long.parseLong(
            value("SELECT count(*) FROM raw.events WHERE ts > TIMESTAMP '" + watermark + "'"));
    System.out.printf("setup %.1f s; delta rows after the watermark: %,d%n", secs(t0), changed);
    for (String m : List.of("m_merge", "m_append", "m_di")) {
      sql("CREATE TABLE an." + m + "_base AS SELECT * FROM an." + m);
    }
    // t4t's commit record: restored with the target, or t4t rightly recovers the newer state from
    // it
    sql("CREATE TABLE _t4t.ledger_base AS SELECT * FROM _t4t.ledger");
    Path stateFile = dir.resolve("data/tee_state.db");
    Path savedState = dir.resolve("state-before.db");
    Files.copy(stateFile, savedState, StandardCopyOption.REPLACE_EXISTING);

    String w = "TIMESTAMP '" + watermark + "'";
    String cols = "id, name, ts, amount, status";
    String deltaQuery = "SELECT " + cols + " FROM raw.events WHERE ts > " + w;
    Map<String, Variant> variants = new LinkedHashMap<>();
    variants.put("merge: t4t run", new Variant("m_merge", null));
    variants.put(
        "merge: one MERGE INTO",
        new Variant(
            "m_merge",
            "MERGE INTO an.m_merge AS t USING ("
                + deltaQuery
                + ") AS s ON t.id = s.id"
                + " WHEN MATCHED THEN UPDATE SET name = s.name, ts = s.ts, amount = s.amount,"
                + " status = s.status WHEN NOT MATCHED THEN INSERT ("
                + cols
                + ") VALUES (s.id,"
                + " s.name, s.ts, s.amount, s.status)"));
    variants.put(
        "merge: raw DELETE+INSERT",
        new Variant(
            "m_merge",
            "BEGIN; DELETE FROM an.m_merge USING ("
                + deltaQuery
                + ") AS s WHERE an.m_merge.id ="
                + " s.id; INSERT INTO an.m_merge ("
                + cols
                + ") "
                + deltaQuery
                + "; COMMIT"));
    variants.put("append: t4t run", new Variant("m_append", null));
    variants.put(
        "append: raw INSERT",
        new Variant("m_append", "INSERT INTO an.m_append (" + cols + ") " + deltaQuery));
    variants.put("delete_insert: t4t run", new Variant("m_di", null));
    variants.put(
        "delete_insert: raw DELETE+INSERT",
        new Variant(
            "m_di",
            "BEGIN; DELETE FROM an.m_di WHERE ts > "
                + w
                + "; INSERT INTO an.m_di ("
                + cols
                + ") "
                + deltaQuery
                + "; COMMIT"));

    Map<String, List<Double>> times = new LinkedHashMap<>();
    Map<String, String> checksums = new LinkedHashMap<>();
    for (int round = 1 - warmup; round <= rounds; round++) {
      List<String> order = new ArrayList<>(variants.keySet());
      if (round % 2 == 0) {
        Collections.reverse(order); // alternate the order so drift hits every variant alike
      }
      for (String name : order) {
        Variant v = variants.get(name);
        sql(
            "CREATE OR REPLACE TABLE an." + v.table + " AS SELECT * FROM an." + v.table + "_base",
            "CREATE OR REPLACE TABLE _t4t.ledger AS SELECT * FROM _t4t.ledger_base",
            "CHECKPOINT");
        Files.copy(savedState, stateFile, StandardCopyOption.REPLACE_EXISTING);
        long start = System.nanoTime();
        if (v.sql == null) {
          check(t4t(List.of("an." + v.table)));
        } else {
          sql(v.sql);
        }
        double s = secs(start);
        if (round > 0) {
          times.computeIfAbsent(name, k -> new ArrayList<>()).add(s);
        }
        String sum = value("SELECT count(*) || ':' || sum(hash(" + cols + ")) FROM an." + v.table);
        String group = name.substring(0, name.indexOf(':'));
        String expected = checksums.putIfAbsent(group, sum);
        if (expected != null && !expected.equals(sum)) {
          throw new IllegalStateException(
              name + " produced a different table: " + sum + " vs " + expected);
        }
      }
    }
    System.out.println();
    System.out.printf("%-34s %10s   %s%n", "variant", "median s", "all runs (s)");
    for (Map.Entry<String, List<Double>> e : times.entrySet()) {
      System.out.printf("%-34s %10.3f   %s%n", e.getKey(), median(e.getValue()), fmt(e.getValue()));
    }
    System.out.println();
    ratio(
        times, "merge: one MERGE INTO", "merge: t4t run", "native MERGE / t4t merge (goal >= 2.0)");
    ratio(
        times,
        "merge: t4t run",
        "merge: raw DELETE+INSERT",
        "t4t merge / raw DELETE+INSERT (goal <= 1.5)");
    ratio(times, "append: t4t run", "append: raw INSERT", "t4t append / raw INSERT (goal <= 1.15)");
    ratio(
        times,
        "delete_insert: t4t run",
        "delete_insert: raw DELETE+INSERT",
        "t4t delete_insert / raw (goal <= 1.15)");
    System.out.println("All variants of a strategy produced identical tables: " + checksums);
  }

  private record Variant(String table, String sql) {}

  private RunSummary t4t() {
    return t4t(List.of());
  }

  private RunSummary t4t(List<String> select) {
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(dir))) {
      return io.t4t.core.roles.LocalRun.run(
          r.session(), new RunOptions(Map.of(), select, List.of(), false));
    }
  }

  private static void check(RunSummary s) {
    if (!s.ok()) {
      throw new IllegalStateException("t4t run failed: " + s.outcomes());
    }
  }

  private void model(String name, String sql, String strategyAndBlock) throws IOException {
    Files.writeString(dir.resolve("models/an/" + name + ".sql"), sql);
    Files.writeString(
        dir.resolve("models/an/" + name + ".py"),
        "metadata = {'materialization': 'incremental', 'incremental': {'strategy': "
            + strategyAndBlock
            + "}}\n");
  }

  private Path db() {
    return dir.resolve("data/bench.duckdb");
  }

  private void sql(String... statements) throws SQLException, IOException {
    Files.createDirectories(dir.resolve("data"));
    DuckDbFiles.sql(db(), statements);
  }

  private String value(String query) throws SQLException {
    return DuckDbFiles.value(db(), query);
  }

  private static void ratio(Map<String, List<Double>> t, String a, String b, String label) {
    System.out.printf("%-48s %.2fx%n", label, median(t.get(a)) / median(t.get(b)));
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private static String fmt(List<Double> xs) {
    return String.join(" ", xs.stream().map(x -> String.format("%.3f", x)).toList());
  }

  private static double secs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  static void deleteTree(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(Collections.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
