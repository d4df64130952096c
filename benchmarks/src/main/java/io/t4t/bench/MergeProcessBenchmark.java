package io.t4t.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.List;

/**
 * An incremental merge as users run it: {@code ./t4t run} as a process against one native {@code
 * MERGE INTO} (what dbt-duckdb and the Python t4t run) and a raw DELETE+INSERT transaction (the
 * floor), on the same data, each timed from opening the database to closing it (DuckDB checkpoints
 * on close). t4t's work is its run's process time minus that of a no-op run of the same model (JVM
 * start, loading, opening and closing the database, an empty delta): what remains is the merge and
 * what t4t does around it. Before every variant the target, the run ledger and the state file are
 * restored; every variant must leave the same table. Variants alternate within rounds.
 */
public final class MergeProcessBenchmark {
  public static void main(String[] args) throws Exception {
    long rows = 10_000_000;
    long delta = 1_000_000;
    int rounds = 7;
    Path t4t = Path.of("t4t").toAbsolutePath();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows" -> rows = Long.parseLong(args[++i]);
        case "--delta" -> delta = Long.parseLong(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--t4t" -> t4t = Path.of(args[++i]).toAbsolutePath();
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path dir = Files.createTempDirectory("t4t-merge-process");
    try {
      new MergeProcessBenchmark(dir, t4t).run(rows, delta, rounds);
    } finally {
      DuckDbStrategyBenchmark.deleteTree(dir);
    }
  }

  private final Path dir;
  private final Path t4t;
  private final Path db;

  private MergeProcessBenchmark(Path dir, Path t4t) {
    this.dir = dir;
    this.t4t = t4t;
    this.db = dir.resolve("data/bench.duckdb");
  }

  private void run(long rows, long delta, int rounds) throws Exception {
    System.out.printf(
        "Merge, end to end: target %,d rows, delta %,d rows (half updates), %d rounds, %s%n",
        rows, delta, rounds, t4t);
    Files.createDirectories(dir.resolve("models/an"));
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(
        dir.resolve("project.toml"),
        "project_folder = \"bench\"\n[connection]\ntype = \"duckdb\"\npath = \"data/bench.duckdb\"\n"
            + "schema = \"an\"\n");
    String cols = "id, name, ts, amount, status";
    Files.writeString(dir.resolve("models/an/m.sql"), "SELECT " + cols + " FROM raw.events");
    Files.writeString(
        dir.resolve("models/an/m.py"),
        "metadata = {'materialization': 'incremental', 'incremental': {'strategy': 'merge',"
            + " 'merge': {'unique_key': ['id'], 'time_column': 'ts'}}}\n");
    long half = delta / 2;
    sql(
        "CREATE SCHEMA raw",
        "CREATE TABLE raw.events AS SELECT i AS id, 'name_' || (i % 1000) AS name,"
            + " TIMESTAMP '2024-01-01' + to_seconds(i) AS ts, (i % 97)::DOUBLE AS amount,"
            + " CASE WHEN i % 3 = 0 THEN 'a' ELSE 'b' END AS status FROM range("
            + rows
            + ") t(i)");
    CoordinationBenchmark.time(t4t, "run", dir.toString()); // the full build
    String watermark = value("SELECT max(ts) FROM raw.events");
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
            + ") t(i)",
        "CREATE TABLE an.m_base AS SELECT * FROM an.m",
        "CREATE TABLE _t4t.ledger_base AS SELECT * FROM _t4t.ledger",
        "CHECKPOINT");
    Path state = dir.resolve("data/tee_state.db");
    Path savedState = dir.resolve("state-before.db");
    Files.copy(state, savedState, StandardCopyOption.REPLACE_EXISTING);
    String deltaQuery =
        "SELECT " + cols + " FROM raw.events WHERE ts > TIMESTAMP '" + watermark + "'";
    String merge =
        "MERGE INTO an.m AS t USING ("
            + deltaQuery
            + ") AS s ON t.id = s.id WHEN MATCHED THEN UPDATE SET name = s.name, ts = s.ts,"
            + " amount = s.amount, status = s.status WHEN NOT MATCHED THEN INSERT ("
            + cols
            + ") VALUES (s.id, s.name, s.ts, s.amount, s.status)";
    String deleteInsert =
        "BEGIN; DELETE FROM an.m USING ("
            + deltaQuery
            + ") AS s WHERE an.m.id = s.id; INSERT INTO an.m ("
            + cols
            + ") "
            + deltaQuery
            + "; COMMIT";
    Rounds r = new Rounds();
    List<String> order = List.of("t4t", "merge", "delete+insert");
    for (int round = 0; round < rounds; round++) {
      for (int k = 0; k < order.size(); k++) {
        String v = order.get((k + round) % order.size()); // rotate the order: drift hits all
        restore(savedState, state);
        long t0 = System.nanoTime();
        switch (v) {
          case "t4t" -> {
            double run = CoordinationBenchmark.time(t4t, "run", dir.toString());
            double noop = CoordinationBenchmark.time(t4t, "run", dir.toString());
            r.add("t4t run process", run);
            r.add("t4t no-op run process", noop);
            r.add("t4t: run - no-op", run - noop);
          }
          case "merge" -> {
            sql(merge);
            r.add("one MERGE INTO, open to close", (System.nanoTime() - t0) / 1e9);
          }
          default -> {
            sql(deleteInsert);
            r.add("raw DELETE+INSERT, open to close", (System.nanoTime() - t0) / 1e9);
          }
        }
        r.sameTable(v, value("SELECT count(*) || ':' || sum(hash(" + cols + ")) FROM an.m"));
      }
    }
    r.printMedians(34);
    r.ratio(
        "one MERGE INTO, open to close", "t4t: run - no-op", "native MERGE / t4t (goal >= 1.3)");
    r.ratio(
        "t4t: run - no-op",
        "raw DELETE+INSERT, open to close",
        "t4t / raw DELETE+INSERT (goal <= 1.1)");
    System.out.println("Every variant left the same table: " + r.table());
  }

  private void restore(Path savedState, Path state) throws Exception {
    sql(
        "CREATE OR REPLACE TABLE an.m AS SELECT * FROM an.m_base",
        "CREATE OR REPLACE TABLE _t4t.ledger AS SELECT * FROM _t4t.ledger_base",
        "CHECKPOINT");
    Files.copy(savedState, state, StandardCopyOption.REPLACE_EXISTING);
  }

  private void sql(String... statements) throws SQLException {
    DuckDbFiles.sql(db, statements);
  }

  private String value(String query) throws SQLException {
    return DuckDbFiles.value(db, query);
  }
}
