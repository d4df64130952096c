package io.t4t.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.t4t.core.project.ProjectLoader;
import io.t4t.core.run.ProjectRunner;
import io.t4t.runtime.EmbeddedKafka;
import io.t4t.runtime.Topics;
import io.t4t.testsupport.ExampleProjects;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What operators rely on, against the packaged services as processes over a real broker and
 * PostgreSQL: a run is one trace across the three services (context in Kafka headers), the run's
 * metrics and JSON log lines appear, and readiness follows the broker and the databases away and
 * back while liveness stays up.
 */
class OperationsIT {
  private static final String PLANNER = "t4t-planner-service";
  private static final String EXECUTOR = "t4t-executor-service";
  private static final String STATE = "t4t-state-service";

  private final ServiceProcesses services = new ServiceProcesses();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    services.close();
  }

  @Test
  void aRunIsOneTraceAcrossTheServicesWithMetricsAndJsonLogs() throws Exception {
    Path project = ExampleProjects.copy("shop");
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(project))) {
      r.seed();
    }
    Path logs = Files.createTempDirectory("t4t-e2e-ops");
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        OtlpReceiver otlp = new OtlpReceiver()) {
      Topics.create(kafka.bootstrapServers(), "t4t.", 2);
      Map<String, String> env = new HashMap<>();
      env.put("T4T_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
      env.put("T4T_PROJECT", project.toString());
      env.put("T4T_LOG_JSON", "true");
      env.put("QUARKUS_OTEL_SDK_DISABLED", "false");
      env.put("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint());
      env.put("QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
      env.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "100ms");
      int state = ServiceProcesses.freePort();
      int executor = ServiceProcesses.freePort();
      int planner = ServiceProcesses.freePort();
      services.startStateService(
          state, env, logs.resolve("state.log"), pg.getJdbcUrl("postgres", "postgres"), "postgres");
      services.start("executor-service", executor, env, logs.resolve("executor.log"));
      services.start("planner-service", planner, env, logs.resolve("planner.log"));

      String body = services.post(planner, "/runs", "{}");
      String runId = body.replaceAll(".*\"run_id\":\"([^\"]+)\".*", "$1");
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

      // one trace: every command of the run, published by the planner and received by the
      // executor, belongs to the trace the run's request started, which reaches the state-service
      String trace = null;
      while (System.nanoTime() < deadline) {
        Map<String, Set<String>> servicesByTrace =
            otlp.spans().stream()
                .collect(
                    Collectors.groupingBy(
                        OtlpReceiver.ReceivedSpan::traceId,
                        Collectors.mapping(
                            OtlpReceiver.ReceivedSpan::service, Collectors.toSet())));
        trace =
            servicesByTrace.entrySet().stream()
                .filter(e -> e.getValue().containsAll(Set.of(PLANNER, EXECUTOR, STATE)))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
        if (trace != null) {
          break;
        }
        Thread.sleep(200);
      }
      assertThat(trace)
          .as("a trace with spans of all three services; received %s", names(otlp.spans()))
          .isNotNull();
      Set<String> commandTraces =
          otlp.spans().stream()
              .filter(s -> s.name().contains("model-run-commands"))
              .map(OtlpReceiver.ReceivedSpan::traceId)
              .collect(Collectors.toSet());
      assertThat(commandTraces)
          .as("the traces of the run's commands; spans received: %s", otlp.spans())
          .containsExactly(trace);
      List<String> executorSpans =
          otlp.spans().stream()
              .filter(s -> s.service().equals(EXECUTOR))
              .map(OtlpReceiver.ReceivedSpan::name)
              .toList();
      assertThat(executorSpans)
          .anyMatch(n -> n.contains("model-run-commands"))
          .anyMatch(n -> n.contains("model-events"));

      // metrics: the run's, consumer lag, and freshness
      assertThat(services.get(executor, "/q/metrics"))
          .contains("t4t_model_runs_total{")
          .contains("t4t_rows_written_total{")
          .contains("kafka_consumer_fetch_manager_records_lag_max");
      String stateMetrics = services.get(state, "/q/metrics");
      assertThat(stateMetrics).contains("kafka_consumer_fetch_manager_records_lag_max");
      // order_log's watermark is a timestamp of the shop's 2024 data: over a day old, and finite
      assertThat(sample(stateMetrics, "t4t_watermark_age_seconds{model=\"marts.order_log\"}"))
          .isGreaterThan(86_400);
      assertThat(sample(stateMetrics, "t4t_last_run_age_seconds{model=\"marts.customers\"}"))
          .isBetween(0.0, 600.0);
      assertThat(services.get(planner, "/q/metrics"))
          .contains("kafka_consumer_fetch_manager_records_lag_max");

      // JSON log lines, carrying the trace
      ObjectMapper json = new ObjectMapper();
      List<JsonNode> lines = new java.util.ArrayList<>();
      for (String line : Files.readAllLines(logs.resolve("executor.log"))) {
        if (line.startsWith("{")) {
          lines.add(json.readTree(line));
        }
      }
      assertThat(lines).as("JSON lines in " + logs.resolve("executor.log")).isNotEmpty();
      String finalTrace = trace;
      assertThat(lines)
          .as("the executor's log lines about the run carry its trace id")
          .anyMatch(
              l ->
                  l.path("message").asText().contains("Executing model")
                      && finalTrace.equals(l.path("mdc").path("traceId").asText()));
    }
  }

  @Test
  void readinessFollowsTheBrokerAndTheDatabasesAwayAndBack() throws Exception {
    Path work = Files.createTempDirectory("t4t-e2e-health");
    Path project = ExampleProjects.copy("shop");
    int pgPort = ServiceProcesses.freePort();
    Path pgData = work.resolve("pg");
    // the executors' warehouse is PostgreSQL too, so its readiness follows the database
    Path toml = project.resolve("project.toml");
    Files.writeString(
        toml,
        Files.readString(toml)
            .replace(
                "[targets.postgres]\n",
                "[targets.postgres]\nhost = \"127.0.0.1\"\nport = "
                    + pgPort
                    + "\nuser = \"postgres\"\ndatabase = \"postgres\"\n"));
    EmbeddedPostgres pg = startPostgres(pgPort, pgData);
    try (KafkaProcess kafka = KafkaProcess.start(work.resolve("kafka"))) {
      Topics.create(kafka.bootstrapServers(), "t4t.", 2);
      // a password the logs must never show (PostgreSQL here trusts loopback, so any is taken)
      String password = "pw-" + java.util.UUID.randomUUID();
      Map<String, String> env =
          Map.of(
              "T4T_BOOTSTRAP_SERVERS",
              kafka.bootstrapServers(),
              "T4T_PROJECT",
              project.toString(),
              "PGPASSWORD",
              password);
      int state = ServiceProcesses.freePort();
      int executor = ServiceProcesses.freePort();
      int planner = ServiceProcesses.freePort();
      services.startStateService(
          state, env, work.resolve("state.log"), pg.getJdbcUrl("postgres", "postgres"), password);
      services.start(
          "executor-service",
          executor,
          env,
          work.resolve("executor.log"),
          "-Dt4t.executor.target=postgres");
      services.start("planner-service", planner, env, work.resolve("planner.log"));
      List<Integer> all = List.of(state, executor, planner);
      assertThat(health(state, "/q/health/ready").body())
          .as("the state-service is ready once its consumer owns the model-events partitions")
          .contains("t4t kafka consumer assignment")
          .contains("\"model-events\": 2");
      assertThat(health(executor, "/q/health/ready").body())
          .as("an executor reports its partitions; one without any would be a ready standby")
          .contains("t4t kafka consumer assignment")
          .contains("\"model-run-commands\": ");

      kafka.kill();
      for (int port : all) {
        awaitReady(port, false, "the broker is gone", work);
        assertThat(health(port, "/q/health/live").code())
            .as("liveness stays up while the broker is away: restarting would not help")
            .isEqualTo(200);
      }
      kafka.startAgain();
      for (int port : all) {
        awaitReady(port, true, "the broker is back", work);
      }

      pg.close();
      awaitReady(state, false, "the state database is gone", work);
      awaitReady(executor, false, "the warehouse is gone", work);
      assertThat(health(executor, "/q/health/ready").body()).contains("t4t warehouse");
      // the planner needs no database (its consumers may still be rebalancing after the broker
      // came back, which is why this waits rather than asks once)
      awaitReady(planner, true, "the databases are gone, which the planner does not use", work);
      pg = startPostgres(pgPort, pgData);
      awaitReady(state, true, "the state database is back", work);
      awaitReady(executor, true, "the warehouse is back", work);

      for (String log : List.of("state.log", "executor.log", "planner.log")) {
        assertThat(ServiceProcesses.log(work.resolve(log)))
            .as("no credential in " + log)
            .isNotBlank()
            .doesNotContain(password);
      }
      assertThat(services.get(state, "/state")).doesNotContain(password);

      // two more state-services in the group of a two-partition topic: one of the three owns no
      // partition, and is not ready (it would miss every event); the other two are
      int second = ServiceProcesses.freePort();
      int third = ServiceProcesses.freePort();
      String[] db =
          ServiceProcesses.stateServiceProps(pg.getJdbcUrl("postgres", "postgres"), password);
      services.launch("state-service", second, env, work.resolve("state-2.log"), db);
      services.launch("state-service", third, env, work.resolve("state-3.log"), db);
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      List<Integer> statuses = List.of();
      while (System.nanoTime() < deadline) {
        statuses = new java.util.ArrayList<>();
        for (int port : List.of(state, second, third)) {
          try {
            statuses.add(services.readyStatus(port));
          } catch (java.io.IOException starting) {
            statuses.add(0);
          }
        }
        if (statuses.stream().filter(s -> s == 200).count() == 2 && statuses.contains(503)) {
          break;
        }
        Thread.sleep(250);
      }
      assertThat(statuses)
          .as("readiness of three state-services; logs in " + work)
          .containsExactlyInAnyOrder(200, 200, 503);
      int idle = List.of(state, second, third).get(statuses.indexOf(503));
      assertThat(health(idle, "/q/health/ready").body()).contains("\"model-events\": 0");
    } finally {
      pg.close();
    }
  }

  private static EmbeddedPostgres startPostgres(int port, Path data) throws java.io.IOException {
    return EmbeddedPostgres.builder()
        .setPort(port)
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .start();
  }

  private record Health(int code, String body) {}

  private Health health(int port, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Health(r.statusCode(), r.body());
  }

  private void awaitReady(int port, boolean up, String why, Path logs) throws Exception {
    Predicate<Health> wanted =
        h -> up ? h.code() == 200 && h.body().contains("\"UP\"") : h.code() == 503;
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    Health h = null;
    while (System.nanoTime() < deadline) {
      h = health(port, "/q/health/ready");
      if (wanted.test(h)) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "Readiness on port "
            + port
            + " should be "
            + (up ? "UP" : "DOWN")
            + " when "
            + why
            + "; last answer "
            + h
            + "; logs in "
            + logs);
  }

  /** The value of one sample in Prometheus text, past any exemplar. */
  private static double sample(String metrics, String series) {
    return metrics
        .lines()
        .filter(l -> l.startsWith(series + " "))
        .map(l -> Double.parseDouble(l.substring(series.length() + 1).split(" ")[0]))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no sample " + series + " in\n" + metrics));
  }

  private static List<String> names(List<OtlpReceiver.ReceivedSpan> spans) {
    return spans.stream().map(s -> s.service() + ":" + s.name()).distinct().toList();
  }
}
