package io.t4t.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.t4t.events.Envelope;
import io.t4t.events.EventJson;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelState;
import io.t4t.runtime.EmbeddedKafka;
import io.t4t.runtime.Topics;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The state-service stops dead between its database commit and its publish (a test hook halts the
 * process there). Started again, it publishes the state it committed: the model-state topic and
 * {@code GET /state} converge to the completion, though the redelivered event is a duplicate it
 * drops. Without the outbox the publish would be lost for good.
 */
class StateOutboxIT {
  private final ServiceProcesses services = new ServiceProcesses();

  @AfterEach
  void stop() {
    services.close();
  }

  @Test
  void aStateCommittedButNotPublishedIsPublishedAfterTheRestart() throws Exception {
    Path logs = Files.createTempDirectory("t4t-e2e-outbox");
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      String servers = kafka.bootstrapServers();
      Topics.create(servers, "t4t.", 1);
      Map<String, String> env = Map.of("T4T_BOOTSTRAP_SERVERS", servers);
      String jdbc = pg.getJdbcUrl("postgres", "postgres");
      int port = ServiceProcesses.freePort();
      List<String> props =
          new ArrayList<>(List.of(ServiceProcesses.stateServiceProps(jdbc, "postgres")));
      // the restarted service need not wait 45 s for the dead one's consumer to time out
      props.add("-Dmp.messaging.incoming.model-events.session.timeout.ms=6000");
      String[] restart = props.toArray(new String[0]);
      props.add("-Dt4t.test.halt-state-service-after-commit=true");
      Process crashing =
          services.start(
              "state-service", port, env, logs.resolve("crash.log"), props.toArray(new String[0]));

      String model = "marts.order_log";
      Envelope completed =
          Envelope.of(
              "run-" + UUID.randomUUID(),
              new ModelCompleted(
                  model,
                  "incremental",
                  "append",
                  12,
                  "2024-03-02T10:00:00",
                  "s",
                  "c",
                  7,
                  30,
                  false));
      try (KafkaProducer<String, byte[]> p =
          new KafkaProducer<>(
              Map.of("bootstrap.servers", servers),
              new StringSerializer(),
              new ByteArraySerializer())) {
        p.send(new ProducerRecord<>("t4t.model-events", model, EventJson.write(completed))).get();
      }
      assertThat(crashing.waitFor(60, TimeUnit.SECONDS))
          .as("the hook stops the service after its commit; log: %s", logs.resolve("crash.log"))
          .isTrue();
      assertThat(crashing.exitValue()).isEqualTo(99);

      services.start("state-service", port, env, logs.resolve("state.log"), restart);
      List<Envelope> published = modelStates(servers, model);
      assertThat(published).as("logs in " + logs).isNotEmpty();
      // a crash after a send and before its delete would publish the same event again
      assertThat(published).extracting(Envelope::eventId).containsOnly(published.get(0).eventId());
      ModelState state = (ModelState) published.get(published.size() - 1).payload();
      assertThat(state.ledgerSeq()).isEqualTo(7);
      assertThat(state.lastProcessedValue()).isEqualTo("2024-03-02T10:00:00");
      assertThat(state.lastRunId()).isEqualTo(completed.runId());
      String rest = services.get(port, "/state/" + model);
      assertThat(rest)
          .contains("\"ledger_seq\":7")
          .contains("\"last_run_id\":\"" + completed.runId());
    }
  }

  private static List<Envelope> modelStates(String servers, String model) {
    List<Envelope> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                servers,
                "group.id",
                "outbox-" + UUID.randomUUID(),
                "auto.offset.reset",
                "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      c.subscribe(List.of("t4t.model-state"));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (out.isEmpty() && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(r -> out.add(EventJson.read(r.value())));
      }
      c.poll(Duration.ofSeconds(2)).forEach(r -> out.add(EventJson.read(r.value())));
    }
    return out.stream().filter(e -> e.key().equals(model)).toList();
  }
}
