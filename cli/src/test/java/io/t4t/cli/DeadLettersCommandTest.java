package io.t4t.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.t4t.events.DataArrived;
import io.t4t.events.DeadLetter;
import io.t4t.events.Envelope;
import io.t4t.events.EventFormatException;
import io.t4t.events.EventJson;
import io.t4t.runtime.EmbeddedKafka;
import io.t4t.runtime.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** {@code t4t dead-letters list|replay} against a real broker. */
class DeadLettersCommandTest {
  @Test
  void listsDeadLettersWithTheirOriginAndReplaysChosenOnesUnchanged() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      String servers = kafka.bootstrapServers();
      Topics.create(servers, "t4t.", 1);
      byte[] arrival = EventJson.write(Envelope.of("a-1", new DataArrived("raw.orders", "x.csv")));
      try (KafkaProducer<String, byte[]> p =
          new KafkaProducer<>(
              Map.of("bootstrap.servers", servers),
              new StringSerializer(),
              new ByteArraySerializer())) {
        // as a planner would dead-letter a record whose processing failed, and a garbled one
        deadLetter(p, "raw.orders", arrival, new IllegalStateException("boom"), 4);
        deadLetter(
            p, "k", "x".getBytes(), new EventFormatException("Invalid data_arrived payload"), 5);
      }

      ExampleCopy.Result list =
          ExampleCopy.t4t("dead-letters", "list", "--bootstrap-servers", servers);
      assertThat(list.exitCode()).as(list.toString()).isZero();
      assertThat(list.out())
          .contains(
              "0@0  from t4t.data-arrivals/0@4  by t4t-planner-service  [processing_failed] boom")
          .contains("0@1  from t4t.data-arrivals/0@5  by t4t-planner-service  [invalid_payload]")
          .contains("2 dead letter(s)");

      ExampleCopy.Result replay =
          ExampleCopy.t4t("dead-letters", "replay", "0@0", "--bootstrap-servers", servers);
      assertThat(replay.exitCode()).as(replay.toString()).isZero();
      assertThat(replay.out()).contains("Replayed 1 dead letter(s)");
      List<ConsumerRecord<String, byte[]>> back = read(servers, "t4t.data-arrivals");
      assertThat(back).hasSize(1);
      assertThat(back.get(0).key()).isEqualTo("raw.orders");
      assertThat(back.get(0).value()).isEqualTo(arrival);
      assertThat(new String(back.get(0).headers().lastHeader("t4t-replayed-from").value()))
          .isEqualTo("0@0");

      // bad input: exit 2, nothing replayed
      assertThat(ExampleCopy.t4t("dead-letters", "replay", "--bootstrap-servers", servers).err())
          .contains("name the dead letters (PARTITION@OFFSET");
      ExampleCopy.Result missing =
          ExampleCopy.t4t("dead-letters", "replay", "0@0", "0@9", "--bootstrap-servers", servers);
      assertThat(missing.exitCode()).isEqualTo(2);
      assertThat(missing.err()).contains("Cannot replay [0@9]: no such dead letter");
      ExampleCopy.Result reason =
          ExampleCopy.t4t(
              "dead-letters", "replay", "--reason", "oops", "--bootstrap-servers", servers);
      assertThat(reason.exitCode()).isEqualTo(2);
      assertThat(reason.err()).contains("Unknown dead-letter reason: 'oops'");
      assertThat(read(servers, "t4t.data-arrivals")).hasSize(1);
      ExampleCopy.Result noConfig =
          ExampleCopy.t4t(
              "dead-letters", "list", "--bootstrap-servers", servers, "--kafka-config", "/nope");
      assertThat(noConfig.exitCode()).isEqualTo(2);
      assertThat(noConfig.err()).contains("Cannot read --kafka-config /nope");
    }
  }

  private static void deadLetter(
      KafkaProducer<String, byte[]> p, String key, byte[] value, Exception why, long offset)
      throws Exception {
    ProducerRecord<String, byte[]> r = new ProducerRecord<>("t4t.dead-letters", key, value);
    DeadLetter.of(why, "t4t.data-arrivals", 0, offset, "t4t-planner-service")
        .headers()
        .forEach((k, v) -> r.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
    p.send(r).get();
  }

  private static List<ConsumerRecord<String, byte[]>> read(String servers, String topic) {
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                servers,
                "group.id",
                "reader-" + System.nanoTime(),
                "auto.offset.reset",
                "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (out.isEmpty() && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      c.poll(Duration.ofMillis(500)).forEach(out::add);
    }
    return out;
  }
}
