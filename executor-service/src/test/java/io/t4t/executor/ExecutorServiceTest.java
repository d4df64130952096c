package io.t4t.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.t4t.events.Envelope;
import io.t4t.events.EventJson;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelRunCommand;
import io.t4t.events.ModelStarted;
import io.t4t.testsupport.ServicesTestResource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The executor-service against a real broker: a command delivered twice has one effect. */
@QuarkusTest
@QuarkusTestResource(ServicesTestResource.class)
@QuarkusTestResource(SeededProjectResource.class)
class ExecutorServiceTest {
  @org.eclipse.microprofile.config.inject.ConfigProperty(
      name = "quarkus.http.test-port",
      defaultValue = "8081")
  int port;

  /** Readiness comes from the DuckDB provider's health check: the warehouse folder is writable. */
  @Test
  void readinessReportsTheEnginesHealth() throws Exception {
    var ready =
        (java.net.HttpURLConnection)
            java.net
                .URI
                .create("http://localhost:" + port + "/q/health/ready")
                .toURL()
                .openConnection();
    assertThat(ready.getResponseCode()).isEqualTo(200);
    String body;
    try (var in = ready.getInputStream()) {
      body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    assertThat(body)
        .contains("\"t4t warehouse\"")
        .contains("\"engine\": \"duckdb\"")
        .contains("\"folder\"");
  }

  @Test
  void appliesACommandOnceAndAnswersTheRedeliveryFromTheLedger() throws Exception {
    String model = "my_schema.incremental_example";
    Envelope command =
        Envelope.of("run-1", new ModelRunCommand(model, "full", 0, Map.of(), false, 1));
    String servers = ServicesTestResource.bootstrapServers();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", servers),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (int delivery = 0; delivery < 2; delivery++) {
        producer
            .send(new ProducerRecord<>("t4t.model-run-commands", model, EventJson.write(command)))
            .get();
      }
    }
    List<Envelope> events = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                servers,
                "group.id",
                "executor-test",
                "auto.offset.reset",
                "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of("t4t.model-events"));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (events.stream().filter(e -> e.payload() instanceof ModelCompleted).count() < 2
          && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(r -> events.add(EventJson.read(r.value())));
      }
    }
    assertThat(events)
        .extracting(e -> e.payload().getClass().getSimpleName())
        .containsExactly("ModelStarted", "ModelCompleted", "ModelStarted", "ModelCompleted");
    ModelCompleted first = (ModelCompleted) events.get(1).payload();
    ModelCompleted second = (ModelCompleted) events.get(3).payload();
    assertThat(first.alreadyApplied()).isFalse();
    assertThat(first.rows()).isEqualTo(256);
    assertThat(second.alreadyApplied()).isTrue();
    assertThat(second.ledgerSeq()).isEqualTo(first.ledgerSeq());
    assertThat(((ModelStarted) events.get(0).payload()).executor()).contains("#");
    assertThat(events).allMatch(e -> e.runId().equals("run-1") && e.key().equals(model));

    try (Connection c =
            DriverManager.getConnection(
                "jdbc:duckdb:" + SeededProjectResource.project.resolve("data/t_project.duckdb"));
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT count(*) FROM my_schema.incremental_example")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(256);
    }

    // what the executor did, in Prometheus format
    String metrics =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/q/metrics"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    String m = "model=\"" + model + "\"";
    // a sample may carry an exemplar (" # {span_id=...,trace_id=...} ..."): the run's trace
    assertThat(metrics.lines().map(l -> l.split(" # ")[0]))
        .anyMatch(sample("t4t_model_runs_started_total{", " 2.0", m))
        .anyMatch(sample("t4t_model_runs_total{", " 1.0", m, "outcome=\"succeeded\""))
        .anyMatch(sample("t4t_model_runs_total{", " 1.0", m, "outcome=\"already_applied\""))
        .anyMatch(sample("t4t_rows_written_total{", " 256.0", m))
        .anyMatch(sample("t4t_model_run_duration_seconds_count{", "", m));
  }

  /** A Prometheus line of the series {@code prefix} with these labels, ending in {@code value}. */
  private static java.util.function.Predicate<String> sample(
      String prefix, String value, String... labels) {
    return l ->
        l.startsWith(prefix)
            && l.endsWith(value)
            && java.util.Arrays.stream(labels).allMatch(l::contains);
  }
}
