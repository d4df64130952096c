package io.t4t.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.t4t.events.Envelope;
import io.t4t.events.ErrorCode;
import io.t4t.events.EventJson;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelFailed;
import io.t4t.events.ModelStarted;
import io.t4t.events.ModelState;
import io.t4t.events.TestOutcome;
import io.t4t.testsupport.ServicesTestResource;
import io.t4t.testsupport.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The state-service against a real Kafka broker and a real PostgreSQL 17. */
@QuarkusTest
@QuarkusTestResource(ServicesTestResource.class)
class StateServiceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @ConfigProperty(name = "quarkus.http.test-port", defaultValue = "8081")
  int port;

  @Test
  void keepsStateAndHistoryAndIgnoresRedeliveredAndOlderEvents() throws Exception {
    String model = "my_schema.incremental_example";
    Envelope started = Envelope.of("run-2", new ModelStarted(model, "executor-1", 1));
    Envelope completed =
        Envelope.of(
            "run-2",
            new ModelCompleted(
                model, "incremental", "merge", 256, "2024-01-29T02:00:00", "s", "c", 3, 40, false));
    Envelope older =
        Envelope.of(
            "run-1",
            new ModelCompleted(
                model, "incremental", "merge", 256, "2024-01-20T00:00:00", "s", "c", 2, 40, false));
    // the run applied, its completion lost with the executor; the redelivery answers from the
    // ledger
    Envelope lostThenRedelivered =
        Envelope.of(
            "run-4",
            new ModelCompleted("my_schema.lost", "table", null, 10, null, "s2", "c2", 1, 40, true));
    // a redelivery of run-2 after its completion was recorded: no change
    Envelope redeliveredAgain =
        Envelope.of(
            "run-2",
            new ModelCompleted(
                model, "incremental", "merge", 256, "2024-01-29T02:00:00", "s", "c", 3, 40, true));
    Envelope failed =
        Envelope.of(
            "run-3",
            new ModelFailed(
                "my_schema.other", ErrorCode.DUPLICATE_KEYS, false, "Cannot merge ...", 5));
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", ServicesTestResource.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (Envelope e :
          List.of(
              started,
              completed,
              completed,
              failed,
              older,
              started,
              redeliveredAgain,
              lostThenRedelivered)) {
        producer.send(new ProducerRecord<>("t4t.model-events", e.key(), EventJson.write(e))).get();
      }
    }

    String lost = "my_schema.lost";
    String body = "";
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!body.contains("2024-01-29") && System.nanoTime() < deadline) {
      Thread.sleep(50);
      body = get("/state/" + model).body();
    }
    assertThat(body)
        .contains("\"model\":\"" + model + "\"")
        .contains("\"last_processed_value\":\"2024-01-29T02:00:00\"")
        .contains("\"strategy\":\"merge\"")
        .contains("\"ledger_seq\":3")
        .contains("\"last_run_id\":\"run-2\"");
    assertThat(get("/state/my_schema.unknown").statusCode()).isEqualTo(404);
    String lostBody = "";
    while (!lostBody.contains("\"ledger_seq\":1") && System.nanoTime() < deadline) {
      Thread.sleep(50);
      lostBody = get("/state/my_schema.lost").body();
    }
    assertThat(lostBody).contains("\"sql_hash\":\"s2\"").contains("\"last_run_id\":\"run-4\"");

    // history: each event once, however often delivered; the older completion did not win
    while (RunHistoryRecord.count("modelName in ?1", List.of(model, "my_schema.other", lost)) < 6
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    Thread.sleep(300); // let any (wrong) extra processing of the duplicates happen
    assertThat(RunHistoryRecord.count("modelName in ?1", List.of(model, "my_schema.other", lost)))
        .isEqualTo(6);
    assertThat(get("/state").body()).contains("2024-01-29T02:00:00").doesNotContain("2024-01-20");

    // the state was published once, to the compacted topic
    List<ModelState> published = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers", ServicesTestResource.bootstrapServers(),
                "group.id", "state-test",
                "auto.offset.reset", "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of("t4t.model-state"));
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (published.isEmpty() && System.nanoTime() < until) {
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(r -> published.add((ModelState) EventJson.read(r.value()).payload()));
      }
      consumer
          .poll(Duration.ofMillis(500))
          .forEach(r -> published.add((ModelState) EventJson.read(r.value()).payload()));
    }
    assertThat(published)
        .filteredOn(s -> s.model().equals(model))
        .extracting(ModelState::ledgerSeq)
        .containsExactly(3L);

    assertThat(get("/q/health/ready").body()).contains("\"status\": \"UP\"");
  }

  @Test
  void historyAndMetricsKeepRowCountsAndTestOutcomes() throws Exception {
    String model = "my_schema.audited";
    // a completion as an older build wrote it: no run kind, counts or tests in the payload
    ObjectNode old =
        (ObjectNode)
            JSON.readTree(
                EventJson.write(
                    Envelope.of(
                        "run-9",
                        new ModelCompleted(
                            model,
                            "incremental",
                            "merge",
                            4,
                            "2024-01-31",
                            "s",
                            "c",
                            0,
                            20,
                            false))));
    ((ObjectNode) old.get("payload"))
        .remove(List.of("run_kind", "rows_inserted", "rows_updated", "rows_deleted", "tests"));
    Thread.sleep(5); // history is newest first, by event time
    Envelope counted =
        Envelope.of(
            "run-10",
            new ModelCompleted(
                model,
                "incremental",
                "merge",
                5,
                "2024-02-01",
                "s",
                "c",
                1,
                30,
                false,
                "incremental",
                3L,
                2L,
                null,
                List.of(
                    new TestOutcome("not_null(id)", "error", true, List.of()),
                    new TestOutcome("accepted_range(amount)", "warn", false, List.of("(7, -1)")))));
    Thread.sleep(5);
    Envelope blocked =
        Envelope.of(
            "run-11",
            new ModelFailed(
                model,
                ErrorCode.AUDIT_FAILED,
                false,
                "Cannot publish my_schema.audited: audit unique(id) failed on the batch",
                12));
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", ServicesTestResource.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      List<byte[]> values =
          List.of(
              JSON.writeValueAsBytes(old),
              EventJson.write(counted),
              EventJson.write(counted), // redelivered: counted once
              EventJson.write(blocked));
      for (byte[] v : values) {
        producer.send(new ProducerRecord<>("t4t.model-events", model, v)).get();
      }
    }

    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    HttpResponse<String> history = history("/state/" + model + "/history");
    while (!history.body().contains("AUDIT_FAILED") && System.nanoTime() < deadline) {
      Thread.sleep(50);
      history = history("/state/" + model + "/history");
    }
    JsonNode entries = JSON.readTree(history.body());
    assertThat(entries).hasSize(3);
    JsonNode failed = entries.get(0); // newest first
    assertThat(failed.get("event_type").asText()).isEqualTo("model_failed");
    assertThat(failed.get("error_code").asText()).isEqualTo("AUDIT_FAILED");
    assertThat(failed.get("message").asText()).contains("audit unique(id) failed");
    JsonNode done = entries.get(1);
    assertThat(done.get("run_id").asText()).isEqualTo("run-10");
    assertThat(done.get("run_kind").asText()).isEqualTo("incremental");
    assertThat(done.get("rows_inserted").asLong()).isEqualTo(3);
    assertThat(done.get("rows_updated").asLong()).isEqualTo(2);
    assertThat(done.get("rows_deleted").isNull()).isTrue();
    assertThat(done.get("tests")).hasSize(2);
    JsonNode warned = done.get("tests").get(1);
    assertThat(warned.get("test").asText()).isEqualTo("accepted_range(amount)");
    assertThat(warned.get("severity").asText()).isEqualTo("warn");
    assertThat(warned.get("passed").asBoolean()).isFalse();
    assertThat(warned.get("failing_rows").get(0).asText()).isEqualTo("(7, -1)");
    JsonNode older = entries.get(2);
    assertThat(older.get("run_id").asText()).isEqualTo("run-9");
    assertThat(older.get("rows_written").asLong()).isEqualTo(4);
    assertThat(older.get("run_kind").isNull()).isTrue();
    assertThat(older.get("tests")).isEmpty();
    assertThat(history("/state/my_schema.never_ran/history").statusCode()).isEqualTo(404);
    assertThat(history("/state/" + model + "/history?limit=0").statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(history("/state/" + model + "/history?limit=1").body())).hasSize(1);

    // the history holds audits' failing rows: no token, no history; a token without a reading
    // group is forbidden; an operator reads it too
    assertThat(get("/state/" + model + "/history").statusCode()).isEqualTo(401);
    assertThat(send("/state/" + model + "/history", Tokens.token("someone")).statusCode())
        .isEqualTo(403);
    assertThat(send("/state/" + model + "/history", Tokens.token("t4t-operator")).statusCode())
        .isEqualTo(200);
    assertThat(get("/state/" + model).statusCode()).isEqualTo(200);

    String metrics = get("/q/metrics").body();
    while (!metrics.contains("t4t_state_audit_failures_total") && System.nanoTime() < deadline) {
      Thread.sleep(50); // counted just after the history row's commit
      metrics = get("/q/metrics").body();
    }
    String m = "model=\"" + model + "\"";
    assertThat(metrics)
        .contains("t4t_state_rows_total{change=\"inserted\"," + m + "} 3.0")
        .contains("t4t_state_rows_total{change=\"updated\"," + m + "} 2.0")
        .doesNotContain("t4t_state_rows_total{change=\"deleted\"," + m)
        .contains("t4t_state_tests_total{" + m + ",outcome=\"passed\",test=\"not_null(id)\"} 1.0")
        .contains(
            "t4t_state_tests_total{"
                + m
                + ",outcome=\"warned\",test=\"accepted_range(amount)\"} 1.0")
        .contains("t4t_state_audit_failures_total{" + m + "} 1.0");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(path, null);
  }

  /** A read of the run history, with a viewer's token. */
  private HttpResponse<String> history(String path) throws Exception {
    return send(path, Tokens.token("t4t-viewer"));
  }

  private HttpResponse<String> send(String path, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
