package io.t4t.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.t4t.core.project.ProjectLoader;
import io.t4t.core.roles.RunOptions;
import io.t4t.core.run.ProjectRunner;
import io.t4t.runtime.EmbeddedKafka;
import io.t4t.runtime.Topics;
import io.t4t.testsupport.ExampleProjects;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The services as separate processes (state, planner, two executors) over a real broker and
 * PostgreSQL: stop the executor running a slow model in the middle of its run, by kill -9 or by
 * SIGTERM as Kubernetes stops a pod; the run still completes, and the tables equal those of a run
 * without the stop, with the state to match.
 */
class KillExecutorIT {
  private final ServiceProcesses services = new ServiceProcesses();

  @AfterEach
  void stop() {
    services.close();
  }

  /** How the executor running the slow model is stopped. */
  enum Stop {
    /** kill -9: a crash; the run's transaction never commits and another executor takes it. */
    KILL,
    /**
     * SIGTERM, as Kubernetes stops a pod: the executor takes no new command, finishes the run in
     * hand (longer than the Kafka connector's own few seconds on close), then leaves its group.
     */
    TERMINATE
  }

  @ParameterizedTest
  @EnumSource(Stop.class)
  void aStoppedExecutorLosesAndDuplicatesNothing(Stop stop) throws Exception {
    Path project = withSlowModel(ExampleProjects.copy("shop"));
    Path reference = withSlowModel(ExampleProjects.copy("shop"));
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(project))) {
      r.seed();
    }
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(reference))) {
      r.seed();
      assertThat(io.t4t.core.roles.LocalRun.run(r.session(), RunOptions.defaults()).ok()).isTrue();
    }
    Path logs = Files.createTempDirectory("t4t-e2e");
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      Topics.create(kafka.bootstrapServers(), "t4t.", 4);
      Map<String, String> env =
          Map.of(
              "T4T_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "T4T_PROJECT", project.toString());
      int state = ServiceProcesses.freePort();
      int planner = ServiceProcesses.freePort();
      services.startStateService(
          state, env, logs.resolve("state.log"), pg.getJdbcUrl("postgres", "postgres"), "postgres");
      Path logA = logs.resolve("executor-a.log");
      Path logB = logs.resolve("executor-b.log");
      Process a =
          services.start(
              "executor-service",
              ServiceProcesses.freePort(),
              env,
              logA,
              executorProps("executor-a"));
      Process b =
          services.start(
              "executor-service",
              ServiceProcesses.freePort(),
              env,
              logB,
              executorProps("executor-b"));
      services.start("planner-service", planner, env, logs.resolve("planner.log"));

      String body = services.post(planner, "/runs", "{}");
      String runId = body.replaceAll(".*\"run_id\":\"([^\"]+)\".*", "$1");

      // kill -9 whichever executor starts the slow model, while it runs
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      Process victim = null;
      while (victim == null && System.nanoTime() < deadline) {
        if (ServiceProcesses.log(logA).contains("Executing model: marts.slow")) {
          victim = a;
        } else if (ServiceProcesses.log(logB).contains("Executing model: marts.slow")) {
          victim = b;
        }
        Thread.sleep(20);
      }
      assertThat(victim).as("an executor started marts.slow; logs in " + logs).isNotNull();
      Path victimLog = victim == a ? logA : logB;
      if (stop == Stop.KILL) {
        victim.destroyForcibly().waitFor();
        assertThat(ServiceProcesses.log(victimLog))
            .as("killed before it finished")
            .doesNotContain("Successfully executed marts.slow");
      } else {
        victim.destroy();
        assertThat(victim.waitFor(90, java.util.concurrent.TimeUnit.SECONDS))
            .as("stopped within the drain timeout; log " + victimLog)
            .isTrue();
        assertThat(ServiceProcesses.log(victimLog))
            .as("finished the run in hand before stopping")
            .contains("Successfully executed marts.slow");
      }

      String progress = "";
      while (!progress.contains("\"done\":true") && System.nanoTime() < deadline) {
        Thread.sleep(200);
        progress = services.get(planner, "/runs/" + runId);
      }
      assertThat(progress)
          .as("logs in " + logs)
          .contains("\"done\":true")
          .doesNotContain(ServiceProcesses.FAILED_STATUS);
      assertThat(
              ServiceProcesses.log(logA).contains("Executing model")
                  && ServiceProcesses.log(logB).contains("Executing model"))
          .as("both executors took work")
          .isTrue();

      assertThat(tables(project)).isEqualTo(tables(reference));
      String stateJson = "";
      while (!stateJson.contains("marts.slow") && System.nanoTime() < deadline) {
        Thread.sleep(200);
        stateJson = services.get(state, "/state");
      }
      for (Map.Entry<String, String> m : watermarks(reference).entrySet()) {
        assertThat(stateJson).contains("\"model\":\"" + m.getKey() + "\"");
        if (m.getValue() != null) {
          assertThat(stateJson).contains("\"last_processed_value\":\"" + m.getValue() + "\"");
        }
      }
      if (stop == Stop.TERMINATE) {
        // checked last, when a redelivery would long have reached the other executor
        assertThat(ServiceProcesses.log(victim == a ? logB : logA))
            .as("not handed back: the outcome was published and the command never redelivered")
            .doesNotContain("marts.slow");
      }
    }
  }

  /**
   * A model slow enough to be stopped while it runs: about 10 s of CPU here, longer than the few
   * seconds the Kafka connector itself waits for work in hand when it closes.
   */
  private static Path withSlowModel(Path project) throws Exception {
    Files.writeString(
        project.resolve("models/marts/slow.sql"),
        "SELECT o.order_id, (SELECT count(*) FROM range(900000000) t(i) WHERE i % 7 = o.order_id % 7)"
            + " AS burn FROM marts.order_log o WHERE o.order_id <= 3");
    return project;
  }

  private static String[] executorProps(String name) {
    return new String[] {
      "-Dt4t.executor.name=" + name,
      "-Dmp.messaging.incoming.model-run-commands.session.timeout.ms=6000",
      "-Dmp.messaging.incoming.model-run-commands.heartbeat.interval.ms=1000"
    };
  }

  private static Map<String, String> tables(Path project) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Connection c =
        DriverManager.getConnection("jdbc:duckdb:" + project.resolve("data/shop.duckdb"))) {
      for (String t :
          List.of(
              "marts.order_log",
              "marts.customers",
              "marts.daily_revenue",
              "marts.revenue_by_country",
              "marts.web_events",
              "marts.slow")) {
        try (ResultSet rs =
            c.createStatement().executeQuery("SELECT count(*), sum(hash(COLUMNS(*))) FROM " + t)) {
          rs.next();
          out.put(t, rs.getString(1) + ":" + rs.getString(2));
        }
      }
    }
    return out;
  }

  private static Map<String, String> watermarks(Path project) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Connection c =
            DriverManager.getConnection("jdbc:duckdb:" + project.resolve("data/tee_state.db"));
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT model_name, last_processed_value FROM tee_model_state")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }
}
