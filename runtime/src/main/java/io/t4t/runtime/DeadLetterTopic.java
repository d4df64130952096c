package io.t4t.runtime;

import io.t4t.events.DeadLetter;
import io.t4t.events.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the dead-letter topic and replays its records ({@code t4t dead-letters}): reading joins no
 * consumer group and commits nothing, so it can be repeated; replaying produces a record's key and
 * value, unchanged, to the topic it came from, with a {@code t4t-replayed-from} header.
 */
public final class DeadLetterTopic {
  /** The header a replayed record carries: where on the dead-letter topic it was. */
  public static final String REPLAYED_FROM = "t4t-replayed-from";

  private DeadLetterTopic() {}

  /**
   * One dead letter.
   *
   * @param partition its partition on the dead-letter topic
   * @param offset its offset there
   * @param key the original record's key
   * @param value the original record's value, unchanged
   * @param letter why and where from (null when the headers are not a t4t dead letter's)
   */
  public record Entry(int partition, long offset, String key, byte[] value, DeadLetter letter) {
    /** {@code partition@offset}, how the CLI names an entry. */
    public String position() {
      return partition + "@" + offset;
    }
  }

  /**
   * Every record on the dead-letter topic, oldest first per partition.
   *
   * @param client extra client settings (security protocol, SASL, TLS), may be empty
   */
  public static List<Entry> read(
      String bootstrapServers, String prefix, Map<String, Object> client) {
    String topic = Topic.DEAD_LETTERS.name(prefix);
    Map<String, Object> config = new HashMap<>(client);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // the planner's coordination writes dead letters in its transactions: committed ones only
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<Entry> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      var infos = c.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        return out; // no dead letter was ever written
      }
      List<TopicPartition> partitions =
          infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(partitions);
      c.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = c.endOffsets(partitions, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (partitions.stream().anyMatch(p -> c.position(p) < end.get(p))
          && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          out.add(new Entry(r.partition(), r.offset(), r.key(), r.value(), letter(r)));
        }
      }
    }
    return out;
  }

  /** Produces each entry's key and value to the topic it came from; returns how many. */
  public static int replay(
      String bootstrapServers, List<Entry> entries, Map<String, Object> client) {
    try (KafkaProducer<String, byte[]> p = Producers.create(bootstrapServers, client)) {
      for (Entry e : entries) {
        ProducerRecord<String, byte[]> r =
            new ProducerRecord<>(e.letter().topic(), e.key(), e.value());
        r.headers().add(REPLAYED_FROM, e.position().getBytes(StandardCharsets.UTF_8));
        p.send(r).get(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while replaying dead letters", ex);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
      throw new IllegalStateException("Cannot replay to " + bootstrapServers + ": " + ex, ex);
    }
    return entries.size();
  }

  private static DeadLetter letter(ConsumerRecord<String, byte[]> r) {
    Map<String, String> headers = new HashMap<>();
    r.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
    try {
      return DeadLetter.fromHeaders(headers);
    } catch (IllegalArgumentException notOurs) {
      return null;
    }
  }
}
