package io.t4t.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.t4t.core.project.ProjectLoader;
import io.t4t.core.run.ProjectRunner;
import io.t4t.events.DeadLetter;
import io.t4t.runtime.EmbeddedKafka;
import io.t4t.runtime.Topics;
import io.t4t.testsupport.ExampleProjects;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * No record can stop a service: three poison records on every topic each service consumes (random
 * bytes, an unknown event type, a valid envelope missing a required field) land on the dead-letter
 * topic with their reason and origin, every health check stays UP, the metric counts them, and a
 * run requested afterwards completes. The services run as processes over a real broker and
 * PostgreSQL.
 */
class DeadLettersIT {
  private final ServiceProcesses services = new ServiceProcesses();

  @AfterEach
  void stop() {
    services.close();
  }

  @Test
  void everyPoisonRecordIsDeadLetteredAndTheServicesGoOn() throws Exception {
    Path project = ExampleProjects.copy("shop");
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(project))) {
      r.seed();
    }
    Path logs = Files.createTempDirectory("t4t-e2e-dead-letters");
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      String servers = kafka.bootstrapServers();
      Topics.create(servers, "t4t.", 2);
      Map<String, String> env =
          Map.of("T4T_BOOTSTRAP_SERVERS", servers, "T4T_PROJECT", project.toString());
      int state = ServiceProcesses.freePort();
      int executor = ServiceProcesses.freePort();
      int planner = ServiceProcesses.freePort();
      services.startStateService(
          state, env, logs.resolve("state.log"), pg.getJdbcUrl("postgres", "postgres"), "postgres");
      services.start("executor-service", executor, env, logs.resolve("executor.log"));
      services.start("planner-service", planner, env, logs.resolve("planner.log"));

      for (String topic : DeadLetterRecords.MISSING_FIELD.keySet()) {
        DeadLetterRecords.sendPoison(servers, topic);
      }
      // model-events is read by the planner and the state-service: each dead-letters its copy
      List<DeadLetter> dead = DeadLetterRecords.await(servers, 21);
      assertThat(dead).as("logs in " + logs).hasSize(21);
      Map<String, List<String>> codes =
          dead.stream()
              .collect(
                  Collectors.groupingBy(
                      d -> d.service() + " " + d.topic(),
                      TreeMap::new,
                      Collectors.mapping(d -> d.code().wireName(), Collectors.toList())));
      assertThat(codes.keySet())
          .containsExactly(
              "t4t-executor-service t4t.merge-tasks",
              "t4t-executor-service t4t.model-run-commands",
              "t4t-planner-service t4t.data-arrivals",
              "t4t-planner-service t4t.model-events",
              "t4t-planner-service t4t.model-state",
              "t4t-planner-service t4t.run-requests",
              "t4t-state-service t4t.model-events");
      codes.forEach(
          (origin, c) ->
              assertThat(c)
                  .as(origin)
                  .containsExactlyInAnyOrder("not_an_event", "unknown_type", "invalid_payload"));
      assertThat(dead)
          .filteredOn(d -> d.code().wireName().equals("invalid_payload"))
          .extracting(DeadLetter::reason)
          .contains(
              "Invalid run_requested payload: 'project' is required",
              "Invalid data_arrived payload: 'source' is required",
              "Invalid model_run_command payload: 'based_on_ledger_seq' is required",
              "Invalid merge_task payload: 'bucket' is required",
              "Invalid model_completed payload: 'materialization' is required",
              "Invalid model_state payload: 'materialization' is required");
      assertThat(dead).allMatch(d -> d.offset() >= 0 && d.partition() >= 0);

      for (int port : List.of(state, executor, planner)) {
        assertThat(services.readyStatus(port)).isEqualTo(200);
        assertThat(services.get(port, "/q/health/live")).contains("\"status\": \"UP\"");
      }
      assertThat(services.get(executor, "/q/metrics"))
          .containsPattern(
              "t4t_dead_letters_total\\{reason=\"unknown_type\",topic=\"t4t.merge-tasks\"} 1.0");
      assertThat(services.get(state, "/q/metrics"))
          .containsPattern(
              "t4t_dead_letters_total\\{reason=\"not_an_event\",topic=\"t4t.model-events\"} 1.0");

      // the consumer groups and the planner go on: a run requested now completes
      String runId =
          services.post(planner, "/runs", "{}").replaceAll(".*\"run_id\":\"([^\"]+)\".*", "$1");
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      String progress = "";
      while (!progress.contains("\"done\":true") && System.nanoTime() < deadline) {
        Thread.sleep(200);
        progress = services.get(planner, "/runs/" + runId);
      }
      assertThat(progress)
          .as("logs in " + logs)
          .contains("\"done\":true")
          .doesNotContain(ServiceProcesses.FAILED_STATUS);
    }
  }
}
