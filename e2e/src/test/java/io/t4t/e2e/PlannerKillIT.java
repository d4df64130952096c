package io.t4t.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.t4t.core.project.ProjectLoader;
import io.t4t.core.roles.LocalRun;
import io.t4t.core.roles.RunOptions;
import io.t4t.core.run.ProjectRunner;
import io.t4t.events.EventJson;
import io.t4t.runtime.EmbeddedKafka;
import io.t4t.runtime.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The planner killed (kill -9) and started again, on PostgreSQL with the services as processes over
 * a real broker. Twenty trials of one run of a small DAG (an incremental merge that fans out into
 * four buckets, a table and a table downstream of it, and an append), each killing the planner at a
 * chosen point: right after a run request is accepted; between an upstream model's completion and
 * its downstream release; during the fan-out after some buckets are applied; while an arrival
 * window is open. Every trial must end with the run complete, every model of the run with exactly
 * one ledger entry for it, the tables equal to an uninterrupted run's, and {@code GET /runs/{id}}
 * reporting it done.
 */
class PlannerKillIT {
  private static final Logger LOG = Logger.getLogger("PlannerKillIT");
  private static final int TRIALS = Integer.getInteger("t4t.planner.trials", 20);
  private static final Map<String, String> POINTS =
      new LinkedHashMap<>(
          Map.of(
              "request", "run_requested",
              "release", "release",
              "fan-out", "fan-out:2",
              "arrival", "window",
              "random", ""));
  private static final List<String> TABLES = List.of("an.m", "an.daily", "an.totals", "an.log");

  private final ServiceProcesses services = new ServiceProcesses();
  private Pg pg;

  @AfterEach
  void stop() throws Exception {
    services.close();
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void killingThePlannerAtAnyPointLosesDuplicatesAndStallsNoRun() throws Exception {
    pg = new Pg();
    Path project = project();
    Map<String, String> reference = referenceRun(project);

    Path logs = Files.createTempDirectory("t4t-planner-kill");
    Path stateDir = Files.createTempDirectory("t4t-planner-state");
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      Topics.create(kafka.bootstrapServers(), "t4t.", 4);
      KafkaConsumer<String, byte[]> commands = commands(kafka.bootstrapServers());
      Map<String, String> env =
          Map.of(
              "T4T_BOOTSTRAP_SERVERS",
              kafka.bootstrapServers(),
              "T4T_PROJECT",
              project.toString(),
              "T4T_STATE_DIR",
              stateDir.toString());
      for (int i = 0; i < 2; i++) {
        services.start(
            "executor-service",
            ServiceProcesses.freePort(),
            env,
            logs.resolve("executor-" + i + ".log"),
            "-Dt4t.executor.name=executor-" + i);
      }
      int planner = ServiceProcesses.freePort();
      Path hook = logs.resolve("halt-point");
      Process p = startPlanner(planner, env, logs, 0, hook);
      List<String> points = new ArrayList<>(POINTS.keySet());
      java.util.Random random = new java.util.Random(11);
      List<String> report = new ArrayList<>();
      for (int trial = 1; trial <= TRIALS; trial++) {
        Thread.sleep(1000); // the last trial's offsets are committed before the restore
        restore();
        commands.seekToEnd(commands.assignment());
        commands.assignment().forEach(commands::position);
        String point = points.get((trial - 1) % points.size());
        if (!POINTS.get(point).isEmpty()) {
          Files.writeString(hook, POINTS.get(point));
        }
        long t0 = System.nanoTime();
        String runId = null;
        if (point.equals("arrival")) {
          String r = services.post(planner, "/arrivals", "{\"source\": \"raw.events\"}");
          assertThat(r).contains("raw.events");
        } else {
          runId = request(planner);
        }
        if (point.equals("random")) {
          Thread.sleep(random.nextInt(2500));
          p.destroyForcibly();
        }
        assertThat(p.waitFor(90, java.util.concurrent.TimeUnit.SECONDS))
            .as("trial %d: the planner stopped at '%s'; logs in %s", trial, point, logs)
            .isTrue();
        if (!point.equals("random")) {
          assertThat(p.exitValue())
              .as("trial %d: stopped by the hook at '%s'", trial, point)
              .isEqualTo(99);
        }
        Files.deleteIfExists(hook);
        double killedAt = (System.nanoTime() - t0) / 1e9;
        p = startPlanner(planner, env, logs, trial, hook);
        if (runId == null) {
          runId = arrivalRun(commands);
        }
        String progress = awaitDone(planner, runId);
        double secs = (System.nanoTime() - t0) / 1e9;
        String what = "trial " + trial + " (" + point + "), logs in " + logs;
        assertThat(progress)
            .as(what)
            .contains("\"done\":true")
            .doesNotContain(ServiceProcesses.FAILED_STATUS);
        for (String table : TABLES) {
          assertThat(pg.checksum(table)).as(what + ": " + table).isEqualTo(reference.get(table));
        }
        assertThat(
                pg.column(
                    "SELECT model_name || ' ' || count(*) FROM _t4t.ledger WHERE run_id = '"
                        + runId
                        + "' GROUP BY model_name ORDER BY model_name"))
            .as(what + ": one ledger entry per model")
            .containsExactly("an.daily 1", "an.log 1", "an.m 1", "an.totals 1");
        String line =
            String.format(
                "trial %2d: planner stopped dead at '%s' (%.1f s in), started again; run complete"
                    + " in %.1f s; tables and ledger equal the reference",
                trial, point, killedAt, secs);
        report.add(line);
        LOG.info(line);
      }
      Files.write(logs.resolve("trials.txt"), report);
      System.out.println(String.join("\n", report));
      commands.close();
    }
  }

  private Process startPlanner(int port, Map<String, String> env, Path logs, int n, Path hook)
      throws Exception {
    return services.start(
        "planner-service",
        port,
        env,
        logs.resolve("planner-" + n + ".log"),
        "-Dt4t.planner.coalesce-window=PT2S",
        "-Dt4t.test.halt-planner-file=" + hook);
  }

  private String request(int planner) throws Exception {
    String body = services.post(planner, "/runs", "{}");
    assertThat(body).contains("run_id");
    return body.replaceAll(".*\"run_id\":\"([^\"]+)\".*", "$1");
  }

  /** The run the arrival started, from the commands it sent. */
  private static String arrivalRun(KafkaConsumer<String, byte[]> commands) {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      for (var r : commands.poll(Duration.ofMillis(200))) {
        String runId = EventJson.read(r.value()).runId();
        if (runId.startsWith("arrival-")) {
          return runId;
        }
      }
    }
    throw new AssertionError("no run followed the arrival");
  }

  private String awaitDone(int planner, String runId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    String progress = "";
    while (!progress.contains("\"done\":true") && System.nanoTime() < deadline) {
      Thread.sleep(100);
      progress = services.get(planner, "/runs/" + runId);
    }
    return progress;
  }

  private static KafkaConsumer<String, byte[]> commands(String servers) {
    KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                servers,
                "group.id",
                "trials-" + UUID.randomUUID(),
                "isolation.level",
                "read_committed",
                "auto.offset.reset",
                "latest"),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    c.subscribe(List.of("t4t.model-run-commands"));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (c.assignment().isEmpty() && System.nanoTime() < deadline) {
      c.poll(Duration.ofMillis(100));
    }
    return c;
  }

  /** The DAG on PostgreSQL, built once; the source then gets a delta that fans out. */
  private Path project() throws Exception {
    Path p = Files.createTempDirectory("t4t-planner-kill-project");
    Files.createDirectories(p.resolve("models/an"));
    Files.writeString(
        p.resolve("project.toml"),
        "[connection]\ntype = \"postgres\"\nhost = \"localhost\"\nport = "
            + pg.port()
            + "\ndatabase = \"postgres\"\nuser = \"postgres\"\nschema = \"an\"\n\n"
            + "[fan_out]\nbuckets = 4\nmin_rows = 1000\n");
    Files.writeString(p.resolve("models/an/m.sql"), "SELECT id, name, ts, amount FROM raw.events");
    Files.writeString(
        p.resolve("models/an/m.py"),
        "metadata = {'materialization': 'incremental', 'incremental': {'strategy': 'merge',"
            + " 'merge': {'unique_key': ['id'], 'time_column': 'ts'}}}\n");
    Files.writeString(
        p.resolve("models/an/daily.sql"),
        "SELECT CAST(ts AS DATE) AS day, count(*) AS n, sum(amount) AS amount FROM an.m GROUP BY 1");
    Files.writeString(
        p.resolve("models/an/totals.sql"),
        "SELECT sum(n) AS n, sum(amount) AS amount FROM an.daily");
    Files.writeString(
        p.resolve("models/an/log.sql"), "SELECT id, ts, amount FROM raw.events WHERE name = 'new'");
    Files.writeString(
        p.resolve("models/an/log.py"),
        "metadata = {'materialization': 'incremental', 'incremental': {'strategy': 'append',"
            + " 'append': {'time_column': 'ts'}}}\n");
    pg.sql(
        "CREATE SCHEMA raw",
        "CREATE TABLE raw.events AS SELECT i AS id, 'n' || (i % 100) AS name, TIMESTAMP"
            + " '2024-01-01' + i * INTERVAL '1 minute' AS ts, i % 97 AS amount FROM"
            + " generate_series(0, 49999) AS t(i)");
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(p), false)) {
      assertThat(LocalRun.run(r.session(), RunOptions.defaults()).ok()).isTrue();
    }
    pg.sql(
        "UPDATE raw.events SET ts = ts + INTERVAL '3650 days', amount = amount + 1 WHERE id % 10"
            + " = 0",
        "INSERT INTO raw.events SELECT i, 'new', TIMESTAMP '2035-01-01' + i * INTERVAL '1 minute',"
            + " 1 FROM generate_series(50000, 54999) AS t(i)");
    List<String> base = new ArrayList<>();
    for (String t : TABLES) {
      base.add("CREATE TABLE " + t + "_base AS SELECT * FROM " + t);
    }
    base.add("CREATE TABLE _t4t.ledger_base AS SELECT * FROM _t4t.ledger");
    pg.sql(base.toArray(String[]::new));
    return p;
  }

  /** The tables after the same run, uninterrupted (in this process, without fan-out). */
  private Map<String, String> referenceRun(Path project) throws Exception {
    restore();
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(project), false)) {
      assertThat(LocalRun.run(r.session(), RunOptions.defaults()).ok()).isTrue();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String t : TABLES) {
      out.put(t, pg.checksum(t));
    }
    return out;
  }

  /** Restores the tables and the ledger to the state before the run. */
  private void restore() throws SQLException {
    pg.dropStages();
    List<String> s = new ArrayList<>();
    for (String t : TABLES) {
      s.add("TRUNCATE " + t);
      s.add("INSERT INTO " + t + " SELECT * FROM " + t + "_base");
    }
    s.addAll(
        List.of(
            "TRUNCATE _t4t.ledger",
            "INSERT INTO _t4t.ledger SELECT * FROM _t4t.ledger_base",
            "TRUNCATE _t4t.stages",
            "TRUNCATE _t4t.buckets"));
    pg.sql(s.toArray(String[]::new));
  }
}
