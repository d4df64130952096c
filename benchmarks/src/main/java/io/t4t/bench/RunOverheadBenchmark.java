package io.t4t.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What t4t adds to each model run beyond the model's SQL, the way a user meets it: {@code t4t run}
 * as a process on a project of incremental merge models, each with a one-row delta, against the
 * same SQL written by hand (per model one transaction: delete the delta's keys, insert the delta)
 * on a copy of the same database, timed from open to close in this process. Both are timed at two
 * sizes, one model and {@code --models} models: the slope (the difference over the extra models) is
 * the cost of one model run without the fixed costs (JVM start, loading, opening and closing the
 * database). The difference of the two slopes is t4t's per-run overhead: planning, ledger,
 * watermark, key checks and state.
 */
public final class RunOverheadBenchmark {
  public static void main(String[] args) throws Exception {
    int models = 100;
    int rounds = 7;
    Path t4t = Path.of("t4t").toAbsolutePath();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--models" -> models = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--t4t" -> t4t = Path.of(args[++i]).toAbsolutePath();
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path dir = Files.createTempDirectory("t4t-run-overhead");
    try {
      System.out.printf(
          "Per-run overhead: t4t run of incremental merge models with a one-row delta each, 1 and"
              + " %d models, %d rounds, %s%n",
          models, rounds, t4t);
      Project one = new Project(dir.resolve("one"), 1, t4t);
      Project many = new Project(dir.resolve("many"), models, t4t);
      Rounds r = new Rounds();
      for (int round = 0; round < rounds; round++) {
        for (Project p : new Project[] {one, many}) {
          p.addRows(round);
          r.add("t4t run, " + p.models + " models", p.timeT4t());
          r.add("hand-written SQL, " + p.models + " models", p.timeRaw(round));
          p.check();
        }
      }
      r.printMedians(34);
      int extra = models - 1;
      double t4tPer =
          (r.median("t4t run, " + models + " models") - r.median("t4t run, 1 models"))
              * 1000
              / extra;
      double rawPer =
          (r.median("hand-written SQL, " + models + " models")
                  - r.median("hand-written SQL, 1 models"))
              * 1000
              / extra;
      System.out.printf("t4t, per model run:              %6.1f ms%n", t4tPer);
      System.out.printf("hand-written SQL, per model:     %6.1f ms%n", rawPer);
      System.out.printf(
          "t4t's overhead per model run:    %6.1f ms (goal <= 10; the difference of the slopes)%n",
          t4tPer - rawPer);
    } finally {
      DuckDbStrategyBenchmark.deleteTree(dir);
    }
  }

  /** A project of {@code models} merge models, each reading its own source, and its raw twin. */
  private static final class Project {
    private static final int SOURCE_ROWS = 1000;
    private final Path dir;
    private final int models;
    private final Path t4t;
    private final Path raw;

    Project(Path dir, int models, Path t4t) throws Exception {
      this.dir = dir;
      this.models = models;
      this.t4t = t4t;
      this.raw = dir.resolve("twin.duckdb");
      Files.createDirectories(dir.resolve("models/an"));
      Files.createDirectories(dir.resolve("data"));
      Files.writeString(
          dir.resolve("project.toml"),
          "project_folder = \"overhead\"\n[connection]\ntype = \"duckdb\"\n"
              + "path = \"data/overhead.duckdb\"\nschema = \"an\"\n");
      try (Connection c = DuckDbFiles.connect(warehouse());
          Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA raw");
        for (int i = 0; i < models; i++) {
          Files.writeString(
              dir.resolve("models/an/m" + i + ".sql"), "SELECT id, ts, v FROM raw.s" + i + "\n");
          Files.writeString(
              dir.resolve("models/an/m" + i + ".py"),
              "metadata = {'materialization': 'incremental', 'incremental': {'strategy':"
                  + " 'merge', 'merge': {'unique_key': ['id'], 'time_column': 'ts'}}}\n");
          s.execute(
              "CREATE TABLE raw.s"
                  + i
                  + " AS SELECT i AS id, TIMESTAMP '2024-01-01' + to_seconds(i) AS ts, i AS v"
                  + " FROM range("
                  + SOURCE_ROWS
                  + ") t(i)");
        }
      }
      CoordinationBenchmark.time(t4t, "run", dir.toString()); // the first build
      Files.copy(warehouse(), raw); // closed and checkpointed: the hand-written side's twin
    }

    Path warehouse() {
      return dir.resolve("data/overhead.duckdb");
    }

    /** One new row per source, newer than every loaded one, in both databases (not timed). */
    void addRows(int round) throws SQLException {
      for (Path db : new Path[] {warehouse(), raw}) {
        try (Connection c = DuckDbFiles.connect(db);
            Statement s = c.createStatement()) {
          for (int i = 0; i < models; i++) {
            long id = SOURCE_ROWS + round;
            s.execute(
                "INSERT INTO raw.s"
                    + i
                    + " VALUES ("
                    + id
                    + ", TIMESTAMP '2024-01-01' + to_seconds("
                    + id
                    + "), "
                    + id
                    + ")");
          }
        }
      }
    }

    double timeT4t() throws Exception {
      return CoordinationBenchmark.time(t4t, "run", dir.toString());
    }

    /** Per model one transaction, as a user would write it knowing the watermark. */
    double timeRaw(int round) throws SQLException {
      String watermark = "TIMESTAMP '2024-01-01' + to_seconds(" + (SOURCE_ROWS + round - 1) + ")";
      long t0 = System.nanoTime();
      try (Connection c = DuckDbFiles.connect(raw);
          Statement s = c.createStatement()) {
        for (int i = 0; i < models; i++) {
          String delta = "SELECT id, ts, v FROM raw.s" + i + " WHERE ts > " + watermark;
          s.execute("BEGIN");
          s.execute(
              "DELETE FROM an.m" + i + " USING (" + delta + ") d WHERE an.m" + i + ".id = d.id");
          s.execute("INSERT INTO an.m" + i + " " + delta);
          s.execute("COMMIT");
        }
      }
      return (System.nanoTime() - t0) / 1e9;
    }

    /** Both sides loaded the same rows. */
    void check() throws SQLException {
      String q = "SELECT count(*) || ':' || sum(hash(id, ts, v)) FROM an.m" + (models - 1);
      String a = DuckDbFiles.value(warehouse(), q);
      String b = DuckDbFiles.value(raw, q);
      if (!a.equals(b)) {
        throw new IllegalStateException("t4t and the hand-written SQL differ: " + a + " vs " + b);
      }
    }
  }
}
