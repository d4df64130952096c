package io.t4t.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.t4t.events.Envelope;
import io.t4t.events.ErrorCode;
import io.t4t.events.EventJson;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelFailed;
import io.t4t.events.ModelStarted;
import io.t4t.events.ModelState;
import io.t4t.testsupport.ServicesTestResource;
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
    String lost = "";
    while (!lost.contains("\"ledger_seq\":1") && System.nanoTime() < deadline) {
      Thread.sleep(50);
      lost = get("/state/my_schema.lost").body();
    }
    assertThat(lost).contains("\"sql_hash\":\"s2\"").contains("\"last_run_id\":\"run-4\"");

    // history: each event once, however often delivered; the older completion did not win
    while (RunHistoryRecord.count() < 6 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    Thread.sleep(300); // let any (wrong) extra processing of the duplicates happen
    assertThat(RunHistoryRecord.count()).isEqualTo(6);
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

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
