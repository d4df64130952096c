package io.t4t.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.t4t.core.project.ProjectLoader;
import io.t4t.core.roles.RunOptions;
import io.t4t.core.run.ProjectRunner;
import io.t4t.runtime.EmbeddedKafka;
import io.t4t.runtime.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fan-out under kill -9, on PostgreSQL with the services as processes (planner, three executors)
 * over a real broker. Twenty trials of one incremental merge (1 M-row target, 200 k-row delta, four
 * buckets); each trial kills the executor that reaches a chosen point: right after staging the
 * delta, while applying a bucket, right after a bucket commit (before its event is published), or
 * at a random moment. A replacement executor starts for the next trial. Every trial must end with
 * the run complete, the table equal to an uninterrupted run's, and exactly one ledger entry for the
 * run with the reference watermark and row count: nothing lost, nothing applied twice.
 */
class FanOutKillIT {
  private static final Logger LOG = Logger.getLogger("FanOutKillIT");
  private static final int TRIALS = Integer.getInteger("t4t.fanout.trials", 20);
  private static final String[] POINTS = {"Staged ", "Applying bucket", "Applied bucket", "random"};

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
  void twentyTrialsOfKillingAnExecutorDuringFanOutLoseAndDuplicateNothing() throws Exception {
    pg = new Pg();
    Path project = Files.createTempDirectory("t4t-fanout-kill");
    Files.createDirectories(project.resolve("models/an"));
    Files.writeString(
        project.resolve("project.toml"),
        "[connection]\ntype = \"postgres\"\nhost = \"localhost\"\nport = "
            + pg.port()
            + "\ndatabase = \"postgres\"\nuser = \"postgres\"\nschema = \"an\"\n\n"
            + "[fan_out]\nbuckets = 4\nmin_rows = 1000\n");
    Files.writeString(
        project.resolve("models/an/m.sql"), "SELECT id, name, ts, amount FROM raw.events");
    Files.writeString(
        project.resolve("models/an/m.py"),
        "metadata = {'materialization': 'incremental', 'incremental': {'strategy': 'merge',"
            + " 'merge': {'unique_key': ['id'], 'time_column': 'ts'}}}\n");
    sql(
        "CREATE SCHEMA raw",
        "CREATE TABLE raw.events AS SELECT i AS id, 'n' || (i % 100) AS name, TIMESTAMP"
            + " '2024-01-01' + i * INTERVAL '1 second' AS ts, i % 97 AS amount FROM"
            + " generate_series(0, 999999) AS t(i)");
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(project), false)) {
      assertThat(io.t4t.core.roles.LocalRun.run(r.session(), RunOptions.defaults()).ok())
          .isTrue(); // the full build
    }
    sql(
        "UPDATE raw.events SET ts = ts + INTERVAL '3650 days', amount = amount + 1 WHERE id % 10"
            + " = 0",
        "INSERT INTO raw.events SELECT i, 'new', TIMESTAMP '2035-01-01' + i * INTERVAL '1 second',"
            + " 1 FROM generate_series(1000000, 1099999) AS t(i)",
        "CREATE TABLE an.m_base AS SELECT * FROM an.m",
        "CREATE TABLE _t4t.ledger_base AS SELECT * FROM _t4t.ledger");
    // the reference: the same incremental run, uninterrupted and without fan-out
    restore();
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(project), false)) {
      var s = io.t4t.core.roles.LocalRun.run(r.session(), RunOptions.defaults());
      assertThat(s.ok()).isTrue();
    }
    String reference = checksum();
    String referenceLedger =
        value(
            "SELECT last_processed_value || ' ' || rows_written FROM _t4t.ledger ORDER BY seq DESC LIMIT 1");

    Path logs = Files.createTempDirectory("t4t-fanout-kill-logs");
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      Topics.create(kafka.bootstrapServers(), "t4t.", 4);
      Map<String, String> env =
          Map.of(
              "T4T_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "T4T_PROJECT", project.toString());
      int planner = ServiceProcesses.freePort();
      List<Executor> executors = new ArrayList<>();
      int started = 0;
      List<CompletableFuture<Executor>> starting = new ArrayList<>();
      for (; started < 3; started++) {
        int n = started;
        starting.add(CompletableFuture.supplyAsync(() -> startExecutor(n, env, logs)));
      }
      services.start("planner-service", planner, env, logs.resolve("planner.log"));
      for (CompletableFuture<Executor> f : starting) {
        executors.add(f.join());
      }
      Random random = new Random(7);
      List<String> report = new ArrayList<>();
      CompletableFuture<Executor> replacement = null;
      for (int trial = 1; trial <= TRIALS; trial++) {
        if (replacement != null) {
          executors.add(replacement.join());
        }
        // Let the last trial's offsets be committed before the restore erases its ledger entry:
        // a command of an earlier trial redelivered after a kill would otherwise no longer be
        // known as applied, run again, and replace this trial's staged delta (a harness effect:
        // outside this test, nothing erases the ledger).
        Thread.sleep(1000);
        restore();
        String point = POINTS[(trial - 1) % POINTS.length];
        Map<Executor, Long> offsets = new java.util.HashMap<>();
        for (Executor e : executors) {
          offsets.put(e, Files.size(e.log));
        }
        long t0 = System.nanoTime();
        String body = services.post(planner, "/runs", "{}");
        String runId = body.replaceAll(".*\"run_id\":\"([^\"]+)\".*", "$1");
        Executor victim = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        if (point.equals("random")) {
          Thread.sleep(random.nextInt(1500));
          victim = executors.get(random.nextInt(executors.size()));
        }
        while (victim == null && System.nanoTime() < deadline) {
          for (Executor e : executors) {
            if (since(e.log, offsets.get(e)).contains(point)) {
              victim = e;
              break;
            }
          }
          Thread.sleep(2);
        }
        assertThat(victim)
            .as("trial %d: an executor reached '%s'; logs in %s", trial, point, logs)
            .isNotNull();
        victim.process.destroyForcibly().waitFor();
        executors.remove(victim);
        int n = started++;
        replacement = CompletableFuture.supplyAsync(() -> startExecutor(n, env, logs));

        String progress = "";
        while (!progress.contains("\"done\":true")
            && System.nanoTime() < deadline + 60_000_000_000L) {
          Thread.sleep(100);
          progress = services.get(planner, "/runs/" + runId);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        assertThat(progress)
            .as("trial %d (%s): logs in %s", trial, point, logs)
            .contains("\"done\":true")
            .doesNotContain(ServiceProcesses.FAILED_STATUS);
        assertThat(checksum()).as("trial %d (%s): table", trial, point).isEqualTo(reference);
        assertThat(
                value(
                    "SELECT count(*) || ' ' || max(last_processed_value) || ' ' || max(rows_written)"
                        + " FROM _t4t.ledger WHERE run_id = '"
                        + runId
                        + "'"))
            .as("trial %d (%s): one ledger entry, the reference watermark", trial, point)
            .isEqualTo("1 " + referenceLedger);
        String line =
            String.format(
                "trial %2d: killed %s at '%s'; run complete in %.1f s; table and ledger equal the"
                    + " reference",
                trial, victim.name, point, secs);
        report.add(line);
        LOG.info(line);
      }
      Files.write(logs.resolve("trials.txt"), report);
      System.out.println(String.join("\n", report));
    }
  }

  private record Executor(String name, Process process, Path log) {}

  private Executor startExecutor(int n, Map<String, String> env, Path logs) {
    String name = "executor-" + n;
    Path log = logs.resolve(name + ".log");
    try {
      Process p =
          services.start(
              "executor-service",
              ServiceProcesses.freePort(),
              env,
              log,
              "-Dt4t.executor.name=" + name,
              "-Dmp.messaging.incoming.model-run-commands.session.timeout.ms=6000",
              "-Dmp.messaging.incoming.model-run-commands.heartbeat.interval.ms=1000",
              "-Dmp.messaging.incoming.merge-tasks.session.timeout.ms=6000",
              "-Dmp.messaging.incoming.merge-tasks.heartbeat.interval.ms=1000",
              // offsets committed within 0.2 s (default 5 s): see the pause between trials
              "-Dmp.messaging.incoming.model-run-commands.auto.commit.interval.ms=200",
              "-Dmp.messaging.incoming.merge-tasks.auto.commit.interval.ms=200");
      return new Executor(name, p, log);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Restores the target and the ledger to the state before the incremental run. */
  private void restore() throws SQLException {
    pg.dropStages();
    sql(
        "TRUNCATE an.m",
        "INSERT INTO an.m SELECT * FROM an.m_base",
        "TRUNCATE _t4t.ledger",
        "INSERT INTO _t4t.ledger SELECT * FROM _t4t.ledger_base",
        "TRUNCATE _t4t.stages",
        "TRUNCATE _t4t.buckets");
  }

  private String checksum() throws SQLException {
    return pg.checksum("an.m");
  }

  private void sql(String... statements) throws SQLException {
    pg.sql(statements);
  }

  private String value(String query) throws SQLException {
    return pg.value(query);
  }

  private static String since(Path log, long offset) throws Exception {
    if (!Files.exists(log)) {
      return "";
    }
    byte[] all = Files.readAllBytes(log);
    return offset >= all.length ? "" : new String(all, (int) offset, all.length - (int) offset);
  }
}
