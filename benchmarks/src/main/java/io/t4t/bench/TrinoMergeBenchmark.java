package io.t4t.bench;

import io.t4t.core.project.ProjectLoader;
import io.t4t.core.roles.RunOptions;
import io.t4t.core.roles.RunSummary;
import io.t4t.core.run.ProjectRunner;
import io.t4t.testing.trino.TrinoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * t4t's incremental merge on Trino 476 + Iceberg against the single raw {@code MERGE} statement a
 * hand-written job would run, on the same data in the same run: a 10 M-row target, a 1 M-row delta
 * of which half updates existing keys. Then the cost of small statements: a {@code SELECT 1} round
 * trip, and how many statements (and how long) t4t needs per model run of each kind on a tiny
 * model.
 *
 * <p>Before every timed run the target is rolled back to its base snapshot and the ledger to its
 * base rows; the variants alternate in order per round, and the first round checks both produce the
 * same table (row count and checksum).
 */
public final class TrinoMergeBenchmark {
  private final long rows;
  private final long delta;
  private final int rounds;
  private TrinoServer trino;
  private Path dir;

  private TrinoMergeBenchmark(long rows, long delta, int rounds) {
    this.rows = rows;
    this.delta = delta;
    this.rounds = rounds;
  }

  public static void main(String[] args) throws Exception {
    Logger.getLogger("").setLevel(Level.WARNING);
    long rows = 10_000_000;
    long delta = 1_000_000;
    int rounds = 3;
    String heap = "6G";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows" -> rows = Long.parseLong(args[++i]);
        case "--delta" -> delta = Long.parseLong(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--heap" -> heap = args[++i];
        case "--profile" -> profile();
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (rows % 10_000 != 0) {
      throw new IllegalArgumentException("--rows must be a multiple of 10000");
    }
    var java = TrinoServer.javaHome();
    if (java.isEmpty()) {
      System.err.println("Trino needs a JDK 24 or later: set TRINO_JAVA_HOME");
      System.exit(2);
    }
    TrinoMergeBenchmark b = new TrinoMergeBenchmark(rows, delta, rounds);
    b.dir = Files.createTempDirectory("t4t-trino-bench");
    long t0 = System.nanoTime();
    try (TrinoServer server = TrinoServer.start(TrinoServer.unpacked(), java.get(), heap)) {
      System.out.printf(
          "Trino %s started in %.1f s (heap %s)%n", TrinoServer.VERSION, secs(t0), heap);
      b.trino = server;
      server.createCatalog("bench");
      b.run();
      b.smallStatements();
    } finally {
      DuckDbStrategyBenchmark.deleteTree(b.dir);
    }
  }

  private void run() throws Exception {
    System.out.printf(
        "Trino %s + Iceberg merge benchmark: target %,d rows, delta %,d rows (half updates), %d"
            + " rounds%n",
        TrinoServer.VERSION, rows, delta, rounds);
    Path project = project("merge", "SELECT id, name, ts, amount, status FROM raw.events", merge());
    long half = delta / 2;
    long t0 = System.nanoTime();
    sql(
        "CREATE SCHEMA raw",
        "CREATE TABLE raw.events AS SELECT id, 'name_' || CAST(id % 1000 AS VARCHAR) AS name,"
            + " CAST(TIMESTAMP '2024-01-01 00:00:00' AS TIMESTAMP(6)) + id * INTERVAL '1' SECOND"
            + " AS ts, CAST(id % 97 AS DOUBLE) AS amount, CASE WHEN id % 3 = 0 THEN 'a' ELSE 'b'"
            + " END AS status FROM (SELECT CAST(y AS BIGINT) * 10000 + x AS id FROM"
            + " UNNEST(sequence(0, 9999)) AS a(x) CROSS JOIN UNNEST(sequence(0, "
            + (rows / 10_000 - 1)
            + ")) AS b(y))");
    System.out.printf("source built in %.1f s%n", secs(t0));
    long t1 = System.nanoTime();
    check(t4tRun(project));
    System.out.printf("t4t's first (full) build of the target in %.1f s%n", secs(t1));
    String watermark = value("SELECT CAST(max(ts) AS VARCHAR) FROM raw.events");
    long stride = rows / half;
    sql(
        "UPDATE raw.events SET ts = ts + INTERVAL '3650' DAY, amount = amount + 1 WHERE id % "
            + stride
            + " = 0 AND id < "
            + half * stride,
        "INSERT INTO raw.events SELECT id, 'new_' || CAST(id % 1000 AS VARCHAR), CAST(TIMESTAMP"
            + " '2034-06-01 00:00:00' AS TIMESTAMP(6)) + (id - "
            + rows
            + ") * INTERVAL '1' SECOND, 1.0E0, 'c' FROM (SELECT CAST(y AS BIGINT) * 10000 + x + "
            + rows
            + " AS id FROM UNNEST(sequence(0, 9999)) AS a(x) CROSS JOIN UNNEST(sequence(0, "
            + Math.max(0, half / 10_000 - 1)
            + ")) AS b(y))");
    long changed =
        Long.parseLong(
            value("SELECT count(*) FROM raw.events WHERE ts > TIMESTAMP '" + watermark + "'"));
    String baseSnapshot =
        value(
            "SELECT CAST(snapshot_id AS VARCHAR) FROM an.\"m$snapshots\" ORDER BY committed_at"
                + " DESC LIMIT 1");
    String baseSeq = value("SELECT CAST(max(seq) AS VARCHAR) FROM _t4t.ledger");
    System.out.printf("delta rows after the watermark: %,d%n", changed);

    String cols = "id, name, ts, amount, status";
    String rawMerge =
        "MERGE INTO an.m AS t USING (SELECT "
            + cols
            + " FROM raw.events WHERE ts > TIMESTAMP '"
            + watermark
            + "') AS s ON t.id = s.id WHEN MATCHED THEN UPDATE SET name = s.name, ts = s.ts,"
            + " amount = s.amount, status = s.status WHEN NOT MATCHED THEN INSERT ("
            + cols
            + ") VALUES (s.id, s.name, s.ts, s.amount, s.status)";
    List<String> variants = List.of("raw MERGE", "t4t merge");
    Rounds times = new Rounds();
    int t4tStatements = 0;
    for (int round = 1; round <= rounds; round++) {
      List<String> order = new ArrayList<>(variants);
      if (round % 2 == 0) {
        Collections.reverse(order);
      }
      for (String name : order) {
        sql(
            "ALTER TABLE an.m EXECUTE rollback_to_snapshot(" + baseSnapshot + ")",
            "DELETE FROM _t4t.ledger WHERE seq > " + baseSeq);
        long start = System.nanoTime();
        if (name.equals("raw MERGE")) {
          sql(rawMerge);
        } else {
          int before = STATEMENTS.get();
          check(t4tRun(project));
          t4tStatements = STATEMENTS.get() - before;
        }
        double s = secs(start);
        times.add(name, s);
        System.out.printf("  round %d  %-12s %8.2f s%n", round, name, s);
        if (round == 1) {
          times.sameTable(
              name,
              value(
                  "SELECT CAST(count(*) AS VARCHAR) || ':' || to_hex(checksum(ROW("
                      + cols
                      + "))) FROM an.m"));
        }
      }
    }
    System.out.println();
    times.printMedians(14);
    System.out.printf(
        "%nt4t merge / raw MERGE: %.2fx (t4t ran %d statements, planning included)%n",
        times.median("t4t merge") / times.median("raw MERGE"), t4tStatements);
    System.out.println("Both variants produced the same table: " + times.table());
  }

  /**
   * The price of a statement on Trino, and t4t's statement count and time per model run of each
   * kind on a 10-row model (planning included).
   */
  private void smallStatements() throws Exception {
    System.out.println();
    List<Double> pings = new ArrayList<>();
    try (Connection c = trino.connect("bench")) {
      for (int i = 0; i < 20; i++) {
        long s = System.nanoTime();
        try (Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SELECT 1")) {
          rs.next();
        }
        pings.add(secs(s) * 1000);
      }
    }
    System.out.printf(
        "SELECT 1 round trip: median %.0f ms over 20%n", DuckDbStrategyBenchmark.median(pings));
    sql(
        "CREATE TABLE raw.small AS SELECT CAST(x AS BIGINT) AS id, CAST(TIMESTAMP '2024-01-01"
            + " 00:00:00' AS TIMESTAMP(6)) + x * INTERVAL '1' HOUR AS ts FROM UNNEST(sequence(1,"
            + " 10)) AS t(x)");
    String q = "SELECT id, ts FROM raw.small";
    Map<String, String> kinds = new LinkedHashMap<>();
    kinds.put("view", "{'materialization': 'view'}");
    kinds.put("table", "{'materialization': 'table'}");
    kinds.put("append", incremental("append", "'time_column': 'ts'"));
    kinds.put("merge", incremental("merge", "'unique_key': ['id'], 'time_column': 'ts'"));
    kinds.put("delete_insert", incremental("delete_insert", "'time_column': 'ts'"));
    System.out.printf("%-28s %11s %9s%n", "model run (10 rows)", "statements", "seconds");
    for (Map.Entry<String, String> k : kinds.entrySet()) {
      Path p = project("small_" + k.getKey(), q, k.getValue());
      for (int run = 1; run <= 2; run++) {
        if (run == 2) {
          sql("INSERT INTO raw.small VALUES (11, TIMESTAMP '2024-01-02 00:00:00')");
        }
        int before = STATEMENTS.get();
        long s = System.nanoTime();
        check(t4tRun(p));
        String label = k.getKey() + (run == 1 ? " (first build)" : " (next run)");
        System.out.printf("%-28s %11d %9.2f%n", label, STATEMENTS.get() - before, secs(s));
        if (run == 2) {
          sql("DELETE FROM raw.small WHERE id = 11");
        }
      }
    }
  }

  private static String merge() {
    return incremental("merge", "'unique_key': ['id'], 'time_column': 'ts'");
  }

  private static String incremental(String strategy, String block) {
    return "{'materialization': 'incremental', 'incremental': {'strategy': '"
        + strategy
        + "', '"
        + strategy
        + "': {"
        + block
        + "}}}";
  }

  private Path project(String name, String sql, String metadata) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.resolve("models/an"));
    Files.writeString(
        p.resolve("project.toml"),
        "[connection]\ntype = \"trino\"\nhost = \"127.0.0.1\"\nport = "
            + trino.port()
            + "\ncatalog = \"bench\"\nuser = \"t4t\"\nschema = \"an\"\n");
    String model = name.startsWith("small_") ? name : "m";
    Files.writeString(p.resolve("models/an/" + model + ".sql"), sql);
    Files.writeString(p.resolve("models/an/" + model + ".py"), "metadata = " + metadata + "\n");
    return p;
  }

  private static RunSummary t4tRun(Path project) {
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(project), false)) {
      return io.t4t.core.roles.LocalRun.run(r.session(), RunOptions.defaults());
    }
  }

  private static void check(RunSummary s) {
    if (!s.ok()) {
      throw new IllegalStateException("t4t run failed: " + s.outcomes());
    }
  }

  private void sql(String... statements) throws SQLException {
    try (Connection c = trino.connect("bench")) {
      c.setSchema("an");
      for (String s : statements) {
        try (Statement st = c.createStatement()) {
          st.execute(s);
        }
      }
    }
  }

  private String value(String query) throws SQLException {
    try (Connection c = trino.connect("bench");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static double secs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Statements t4t ran (Warehouse logs each one at FINE on io.t4t.sql). */
  private static final AtomicInteger STATEMENTS = new AtomicInteger();

  private static final Logger SQL_LOG = Logger.getLogger("io.t4t.sql");
  private static boolean printing;

  static {
    SQL_LOG.setLevel(Level.FINE);
    SQL_LOG.setUseParentHandlers(false);
    SQL_LOG.addHandler(
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            STATEMENTS.incrementAndGet();
            if (printing) {
              System.out.println("    " + r.getMessage());
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        });
  }

  /** Prints every statement t4t runs with its duration. */
  private static void profile() {
    printing = true;
  }
}
