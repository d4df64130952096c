package io.t4t.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.t4t.events.Envelope;
import io.t4t.events.EventJson;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelRunCommand;
import io.t4t.runtime.EmbeddedKafka;
import io.t4t.runtime.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A rolling restart of two planners (one coordinating, one holding the standby copy) while a run of
 * a chain of slow models is going: each is stopped with SIGTERM, as Kubernetes stops a pod, and
 * started again before the next is stopped. The run completes, each model once; the report gives
 * the longest pause between a model's completion and its successor's command, against the median.
 */
class PlannerRollIT {
  private static final int CHAIN = 40;

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
  void aRollingRestartOfThePlannersLosesNoRun() throws Exception {
    pg = new Pg();
    Path project = Files.createTempDirectory("t4t-planner-roll");
    Files.createDirectories(project.resolve("models/an"));
    Files.writeString(
        project.resolve("project.toml"),
        "[connection]\ntype = \"postgres\"\nhost = \"localhost\"\nport = "
            + pg.port()
            + "\ndatabase = \"postgres\"\nuser = \"postgres\"\nschema = \"an\"\n");
    for (int i = 0; i < CHAIN; i++) {
      String from = i == 0 ? "(SELECT 0 AS n) s" : "an.m" + (i - 1);
      Files.writeString(
          project.resolve("models/an/m" + i + ".sql"),
          "SELECT n + 1 AS n FROM " + from + ", (SELECT pg_sleep(0.5)) AS wait");
    }
    Path logs = Files.createTempDirectory("t4t-planner-roll-logs");
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      Topics.create(kafka.bootstrapServers(), "t4t.", 4);
      Map<String, String> env =
          Map.of(
              "T4T_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "T4T_PROJECT", project.toString());
      services.start(
          "executor-service", ServiceProcesses.freePort(), env, logs.resolve("executor.log"));
      int[] ports = {ServiceProcesses.freePort(), ServiceProcesses.freePort()};
      Path[] state = {Files.createTempDirectory("t4t-a"), Files.createTempDirectory("t4t-b")};
      Process[] planners = new Process[2];
      for (int i = 0; i < 2; i++) {
        planners[i] = planner(i, 0, ports, state, env, logs);
      }
      try (KafkaConsumer<String, byte[]> events = consumer(kafka.bootstrapServers())) {
        String body = services.post(ports[0], "/runs", "{}");
        String runId = body.replaceAll(".*\"run_id\":\"([^\"]+)\".*", "$1");
        Map<String, Long> completedAt = new HashMap<>();
        Map<String, Long> commandedAt = new HashMap<>();
        List<String> restarts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          read(events, runId, completedAt, commandedAt, 6 + i * 10);
          long t0 = System.currentTimeMillis();
          planners[i].destroy(); // SIGTERM
          planners[i].waitFor();
          planners[i] = planner(i, 1, ports, state, env, logs);
          restarts.add(
              String.format(
                  "planner %c stopped at %d ms, ready again %d ms later",
                  'a' + i, t0, System.currentTimeMillis() - t0));
        }
        read(events, runId, completedAt, commandedAt, CHAIN);
        String progress = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!progress.contains("\"done\":true") && System.nanoTime() < deadline) {
          Thread.sleep(100);
          progress = services.get(ports[1], "/runs/" + runId);
        }
        assertThat(progress)
            .as("logs in " + logs)
            .contains("\"done\":true")
            .doesNotContain(ServiceProcesses.FAILED_STATUS);
        // either replica answers, the one without the coordination by asking the other
        assertThat(services.get(ports[0], "/runs/" + runId)).isEqualTo(progress);
        assertThat(
                pg.value(
                    "SELECT count(DISTINCT model_name) || ' ' || count(*) FROM _t4t.ledger WHERE"
                        + " run_id = '"
                        + runId
                        + "'"))
            .isEqualTo(CHAIN + " " + CHAIN);
        List<Long> pauses = new ArrayList<>();
        long longest = 0;
        String where = "";
        for (int i = 0; i + 1 < CHAIN; i++) {
          long pause = commandedAt.get("an.m" + (i + 1)) - completedAt.get("an.m" + i);
          pauses.add(pause);
          if (pause > longest) {
            longest = pause;
            where = "an.m" + i + " completed at " + completedAt.get("an.m" + i) + " ms";
          }
        }
        Collections.sort(pauses);
        String report =
            String.format(
                "rolling restart of 2 planners during a run of a chain of %d models: complete, each"
                    + " model once; pause from a completion to the next command: median %d ms,"
                    + " longest %d ms (after %s); %s",
                CHAIN, pauses.get(pauses.size() / 2), longest, where, String.join("; ", restarts));
        Files.writeString(logs.resolve("roll.txt"), report);
        System.out.println(report);
      }
    }
  }

  private Process planner(
      int i, int generation, int[] ports, Path[] state, Map<String, String> env, Path logs)
      throws Exception {
    Map<String, String> mine = new HashMap<>(env);
    mine.put("T4T_STATE_DIR", state[i].toString());
    return services.start(
        "planner-service",
        ports[i],
        mine,
        logs.resolve("planner-" + (char) ('a' + i) + "-" + generation + ".log"));
  }

  private static KafkaConsumer<String, byte[]> consumer(String servers) {
    KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                servers,
                "group.id",
                "roll-" + UUID.randomUUID(),
                "isolation.level",
                "read_committed",
                "auto.offset.reset",
                "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    c.subscribe(List.of("t4t.model-run-commands", "t4t.model-events"));
    return c;
  }

  /** Reads commands and completions of the run until {@code n} models completed. */
  private static void read(
      KafkaConsumer<String, byte[]> c,
      String runId,
      Map<String, Long> completedAt,
      Map<String, Long> commandedAt,
      int n) {
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (completedAt.size() < n && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
        Envelope e = EventJson.read(r.value());
        if (!e.runId().equals(runId)) {
          continue;
        }
        if (e.payload() instanceof ModelCompleted m) {
          completedAt.putIfAbsent(m.model(), r.timestamp());
        } else if (e.payload() instanceof ModelRunCommand m) {
          commandedAt.putIfAbsent(m.model(), r.timestamp());
        }
      }
    }
    assertThat(completedAt).hasSizeGreaterThanOrEqualTo(n);
  }
}
