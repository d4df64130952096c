package io.t4t.bench;

import io.t4t.core.coordinate.Coordinator;
import io.t4t.core.coordinate.InMemoryStore;
import io.t4t.core.coordinate.RunView;
import io.t4t.core.coordinate.Status;
import io.t4t.core.project.ProjectLoader;
import io.t4t.core.roles.CommandPlanner;
import io.t4t.core.roles.ExecutorRole;
import io.t4t.core.roles.RunOptions;
import io.t4t.core.roles.RunSummary;
import io.t4t.core.run.ProjectRunner;
import io.t4t.events.Envelope;
import io.t4t.events.MergeTask;
import io.t4t.events.RunRequested;
import io.t4t.events.Topic;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * t4t's incremental merge on PostgreSQL 17 against what dbt-postgres runs (the delta in a temp
 * table, then one {@code MERGE INTO}), on the same data in the same run: a 10 M-row target with a
 * unique index on the key, a 1 M-row delta of which half updates existing keys. Variants:
 *
 * <ul>
 *   <li>{@code dbt-style MERGE}: CREATE TEMP TABLE AS delta; MERGE INTO target USING it;
 *   <li>{@code t4t merge}: {@code t4t run}, one transaction ({@code [fan_out] buckets = 1});
 *   <li>{@code t4t merge, K buckets}: staged, split into K buckets and applied by K merge sinks
 *       (one session each, in parallel, as K executor processes would), then finalized.
 * </ul>
 *
 * Before every timed run the target and the run ledger are restored; every variant's table is
 * checked against the first (row count and a content hash). Variants alternate in order per round.
 */
public final class PostgresMergeBenchmark {
  private final Path dir;
  private final long rows;
  private final long delta;
  private final int rounds;
  private final int buckets;
  private int port;
  private String workMem;

  private PostgresMergeBenchmark(Path dir, long rows, long delta, int rounds, int buckets) {
    this.dir = dir;
    this.rows = rows;
    this.delta = delta;
    this.rounds = rounds;
    this.buckets = buckets;
  }

  public static void main(String[] args) throws Exception {
    Logger.getLogger("").setLevel(Level.WARNING);
    long rows = 10_000_000;
    long delta = 1_000_000;
    int rounds = 3;
    int buckets = 4;
    String workMem = "4MB"; // PostgreSQL's default
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows" -> rows = Long.parseLong(args[++i]);
        case "--delta" -> delta = Long.parseLong(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--buckets" -> buckets = Integer.parseInt(args[++i]);
        case "--profile" -> profile();
        case "--work-mem" -> workMem = args[++i];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path dir = Files.createTempDirectory("t4t-pg-bench");
    EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setServerConfig("shared_buffers", "1GB")
            .setServerConfig("work_mem", workMem)
            .setServerConfig("max_wal_size", "8GB")
            .start();
    try {
      PostgresMergeBenchmark b = new PostgresMergeBenchmark(dir, rows, delta, rounds, buckets);
      b.workMem = workMem;
      b.port = pg.getPort();
      b.run();
    } finally {
      pg.close();
      DuckDbStrategyBenchmark.deleteTree(dir);
    }
  }

  private void run() throws Exception {
    System.out.printf(
        "PostgreSQL 17 merge benchmark: target %,d rows, delta %,d rows (half updates), %d rounds,"
            + " fan-out K = %d; shared_buffers 1GB, work_mem %s, max_wal_size 8GB, a CHECKPOINT"
            + " before each timed run%n",
        rows, delta, rounds, buckets, workMem);
    Path one = project("k1", 1);
    Path many = project("k" + buckets, buckets);
    long half = delta / 2;
    long t0 = System.nanoTime();
    sql(
        "CREATE SCHEMA raw",
        "CREATE TABLE raw.events AS SELECT i AS id, 'name_' || (i % 1000) AS name,"
            + " TIMESTAMP '2024-01-01' + i * INTERVAL '1 second' AS ts, (i % 97)::float8 AS amount,"
            + " CASE WHEN i % 3 = 0 THEN 'a' ELSE 'b' END AS status FROM generate_series(0, "
            + (rows - 1)
            + ") AS t(i)",
        "ANALYZE raw.events");
    check(t4tRun(one));
    sql("CREATE INDEX ON raw.events (ts)"); // sources are indexed on their time column
    String watermark = value("SELECT max(ts)::text FROM raw.events");
    sql(
        "UPDATE raw.events SET ts = ts + INTERVAL '3650 days', amount = amount + 1 WHERE id % "
            + (rows / half)
            + " = 0 AND id < "
            + (half * (rows / half)),
        "INSERT INTO raw.events SELECT i, 'new_' || (i % 1000), TIMESTAMP '2034-06-01' + i *"
            + " INTERVAL '1 second', 1.0, 'c' FROM generate_series("
            + rows
            + ", "
            + (rows + half - 1)
            + ") AS t(i)",
        "VACUUM ANALYZE raw.events");
    long changed =
        Long.parseLong(
            value("SELECT count(*) FROM raw.events WHERE ts > TIMESTAMP '" + watermark + "'"));
    sql(
        "CREATE TABLE an.m_base AS SELECT * FROM an.m",
        "CREATE TABLE _t4t.ledger_base AS SELECT * FROM _t4t.ledger");
    System.out.printf("setup %.1f s; delta rows after the watermark: %,d%n", secs(t0), changed);

    String cols = "id, name, ts, amount, status";
    String dbtMerge =
        "BEGIN; CREATE TEMP TABLE m__dbt_tmp AS SELECT "
            + cols
            + " FROM raw.events WHERE ts > TIMESTAMP '"
            + watermark
            + "'; MERGE INTO an.m AS t USING m__dbt_tmp AS s ON t.id = s.id WHEN MATCHED THEN"
            + " UPDATE SET name = s.name, ts = s.ts, amount = s.amount, status = s.status WHEN NOT"
            + " MATCHED THEN INSERT ("
            + cols
            + ") VALUES (s.id, s.name, s.ts, s.amount, s.status); DROP TABLE m__dbt_tmp; COMMIT";
    String fanned = "t4t merge, " + buckets + " buckets";
    List<String> variants = List.of("dbt-style MERGE", "t4t merge", fanned);
    Rounds times = new Rounds();
    for (int round = 1; round <= rounds; round++) {
      List<String> order = new ArrayList<>(variants);
      if (round % 2 == 0) {
        Collections.reverse(order);
      }
      for (String name : order) {
        restore();
        long start = System.nanoTime();
        switch (name) {
          case "dbt-style MERGE" -> sql(dbtMerge);
          case "t4t merge" -> check(t4tRun(one));
          default -> fanOutRun(many);
        }
        double s = secs(start);
        times.add(name, s);
        System.out.printf("  round %d  %-22s %8.2f s%n", round, name, s);
        if (round == 1) {
          times.sameTable(
              name,
              value("SELECT count(*) || ':' || sum(hashtextextended(m::text, 0)) FROM an.m AS m"));
        }
      }
    }
    System.out.println();
    times.printMedians(24);
    System.out.println();
    times.ratio("dbt-style MERGE", "t4t merge", "dbt-style MERGE / t4t merge (goal >= 1.5)");
    times.ratio("dbt-style MERGE", fanned, "dbt-style MERGE / " + fanned);
    times.ratio(fanned, "t4t merge", fanned + " / t4t merge without fan-out (goal <= 1.1)");
    System.out.println("Every variant produced the same table: " + times.table());
  }

  private Path project(String name, int k) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.resolve("models/an"));
    Files.writeString(
        p.resolve("project.toml"),
        "[connection]\ntype = \"postgres\"\nhost = \"localhost\"\nport = "
            + port
            + "\ndatabase = \"postgres\"\nuser = \"postgres\"\nschema = \"an\"\n\n[fan_out]\n"
            + "buckets = "
            + Math.max(1, k)
            + "\nmin_rows = 1000\n");
    Files.writeString(
        p.resolve("models/an/m.sql"), "SELECT id, name, ts, amount, status FROM raw.events");
    Files.writeString(
        p.resolve("models/an/m.py"),
        "metadata = {'materialization': 'incremental', 'incremental': {'strategy': 'merge',"
            + " 'merge': {'unique_key': ['id'], 'time_column': 'ts'}}}\n");
    return p;
  }

  private void restore() throws SQLException {
    sql(
        "TRUNCATE an.m",
        "INSERT INTO an.m SELECT * FROM an.m_base",
        "TRUNCATE _t4t.ledger",
        "INSERT INTO _t4t.ledger SELECT * FROM _t4t.ledger_base",
        "VACUUM ANALYZE an.m",
        "CHECKPOINT");
  }

  private static RunSummary t4tRun(Path project) {
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(project), false)) {
      return io.t4t.core.roles.LocalRun.run(r.session(), RunOptions.defaults());
    }
  }

  /**
   * One run through the roles: the planner and the staging executor on this thread, the merge tasks
   * on {@code buckets} sink threads with a session each (as separate executor processes).
   */
  private void fanOutRun(Path project) throws Exception {
    BlockingQueue<ExecutorRole> sinks = new ArrayBlockingQueue<>(buckets);
    List<ProjectRunner> sinkRunners = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(buckets);
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(project), false)) {
      for (int i = 0; i < buckets; i++) {
        ProjectRunner s = ProjectRunner.open(ProjectLoader.load(project), false);
        sinkRunners.add(s);
        sinks.add(new ExecutorRole(s.session(), "sink-" + i));
      }
      Coordinator coordinator =
          new Coordinator(
              r.project(),
              r.graph(),
              new Coordinator.Settings(Duration.ZERO, 1, Duration.ZERO, Duration.ofHours(1)),
              new CommandPlanner(r.session()));
      InMemoryStore store = new InMemoryStore();
      ExecutorRole executor = new ExecutorRole(r.session(), "stager");
      String runId = "bench-" + System.nanoTime();
      Deque<Envelope> bus = new ArrayDeque<>();
      bus.add(
          Envelope.of(
              runId,
              new RunRequested(
                  r.project().folder(), List.of(), List.of(), Map.of(), false, "bench")));
      while (!bus.isEmpty()) {
        List<Future<List<Envelope>>> tasks = new ArrayList<>();
        List<Envelope> batch = new ArrayList<>(bus);
        bus.clear();
        for (Envelope e : batch) {
          if (e.payload() instanceof MergeTask) {
            tasks.add(
                pool.submit(
                    () -> {
                      ExecutorRole sink = sinks.take();
                      try {
                        return sink.handle(e);
                      } finally {
                        sinks.add(sink);
                      }
                    }));
          } else if (e.topic() == Topic.MODEL_RUN_COMMANDS) {
            bus.addAll(executor.handle(e));
          } else {
            Coordinator.Decision d = coordinator.decide(store, e, null, Instant.now());
            d.changes().applyTo(store);
            bus.addAll(d.events());
          }
        }
        for (Future<List<Envelope>> f : tasks) {
          bus.addAll(f.get());
        }
      }
      RunView progress = Coordinator.view(store, runId).orElseThrow();
      if (!progress.models().values().stream().allMatch(s -> s == Status.SUCCEEDED)) {
        throw new IllegalStateException("fan-out run failed: " + progress.messages());
      }
    } finally {
      pool.shutdownNow();
      sinkRunners.forEach(ProjectRunner::close);
    }
  }

  /** Prints every statement t4t runs with its duration. */
  private static Logger sqlLog;

  private static void profile() {
    Logger sql = Logger.getLogger("io.t4t.sql");
    sqlLog = sql; // loggers are weakly held: keep this one configured
    sql.setLevel(Level.FINE);
    java.util.logging.ConsoleHandler h = new java.util.logging.ConsoleHandler();
    h.setLevel(Level.FINE);
    h.setFormatter(
        new java.util.logging.SimpleFormatter() {
          @Override
          public String format(java.util.logging.LogRecord r) {
            return "    " + r.getMessage() + "\n";
          }
        });
    sql.addHandler(h);
    sql.setUseParentHandlers(false);
  }

  private static void check(RunSummary s) {
    if (!s.ok()) {
      throw new IllegalStateException("t4t run failed: " + s.outcomes());
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
  }

  private void sql(String... statements) throws SQLException {
    try (Connection c = connect()) {
      for (String s : statements) {
        try (Statement st = c.createStatement()) {
          st.execute(s);
        }
      }
    }
  }

  private String value(String query) throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static double secs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
