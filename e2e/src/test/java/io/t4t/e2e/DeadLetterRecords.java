package io.t4t.e2e;

import io.t4t.events.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Poison records for every topic a service consumes, and the dead letters they become. */
final class DeadLetterRecords {
  /** Per consumed topic: a valid envelope of its event type whose payload lacks a field. */
  static final Map<String, String> MISSING_FIELD =
      Map.of(
          "t4t.run-requests",
          "\"type\":\"run_requested\",\"schema_version\":1,"
              + "\"payload\":{\"select\":[],\"exclude\":[],\"full_refresh\":false}",
          "t4t.data-arrivals",
          "\"type\":\"data_arrived\",\"schema_version\":1,\"payload\":{\"location\":\"x.csv\"}",
          "t4t.model-run-commands",
          "\"type\":\"model_run_command\",\"schema_version\":2,\"payload\":{\"model\":"
              + "\"marts.customers\",\"mode\":\"full\",\"full_refresh\":false,\"attempt\":1}",
          "t4t.merge-tasks",
          "\"type\":\"merge_task\",\"schema_version\":1,"
              + "\"payload\":{\"model\":\"marts.customers\",\"buckets\":4,\"attempt\":1}",
          "t4t.model-events",
          "\"type\":\"model_completed\",\"schema_version\":1,\"payload\":{\"model\":"
              + "\"marts.customers\",\"rows\":1,\"sql_hash\":\"a\",\"config_hash\":\"b\","
              + "\"ledger_seq\":1,\"duration_millis\":1,\"already_applied\":false}",
          "t4t.model-state",
          "\"type\":\"model_state\",\"schema_version\":1,\"payload\":{\"model\":"
              + "\"marts.customers\",\"sql_hash\":\"a\",\"config_hash\":\"b\",\"ledger_seq\":1}");

  private DeadLetterRecords() {}

  /** Random bytes, an unknown event type, and a valid envelope missing a required field. */
  static void sendPoison(String servers, String topic) throws Exception {
    byte[] noise = new byte[48];
    new Random(topic.hashCode()).nextBytes(noise);
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", servers),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (byte[] value :
          List.of(
              noise,
              envelope("\"type\":\"model_finished\",\"schema_version\":1,\"payload\":{}"),
              envelope(MISSING_FIELD.get(topic)))) {
        p.send(new ProducerRecord<>(topic, "marts.customers", value)).get();
      }
    }
  }

  private static byte[] envelope(String typeAndPayload) {
    return ("{\"event_id\":\""
            + UUID.randomUUID()
            + "\",\"run_id\":\"poison\",\"time\":\"2026-12-01T00:00:00Z\","
            + typeAndPayload
            + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Waits for {@code n} dead letters, then reads for a moment more (none more may come). */
  static List<DeadLetter> await(String servers, int n) {
    List<DeadLetter> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                servers,
                "group.id",
                "dead-letter-reader-" + UUID.randomUUID(),
                "auto.offset.reset",
                "earliest",
                "isolation.level",
                "read_committed"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      c.subscribe(List.of("t4t.dead-letters"));
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (out.size() < n && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(r -> out.add(letter(r)));
      }
      c.poll(Duration.ofSeconds(1)).forEach(r -> out.add(letter(r)));
    }
    return out;
  }

  private static DeadLetter letter(ConsumerRecord<String, byte[]> r) {
    Map<String, String> headers = new HashMap<>();
    r.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
    return DeadLetter.fromHeaders(headers);
  }
}
