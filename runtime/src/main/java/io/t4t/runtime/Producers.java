package io.t4t.runtime;

import io.t4t.events.Envelope;
import io.t4t.events.EventJson;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one producer setup of t4t's processes outside the services: keys as strings, events as JSON
 * bytes, acknowledged by every in-sync replica, idempotent, sent at once (no linger).
 */
public final class Producers {
  private Producers() {}

  /**
   * @param client further client settings (security protocol, SASL, TLS), or an empty map
   */
  public static KafkaProducer<String, byte[]> create(
      String bootstrapServers, Map<String, Object> client) {
    Map<String, Object> config = new HashMap<>(client);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    config.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  /** Publishes one event to its topic and waits until the cluster has it. */
  public static void publishOne(
      String bootstrapServers, String prefix, Envelope event, Duration timeout) {
    // the wait for metadata counts against the timeout too
    Map<String, Object> bounded =
        Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeout.toMillis()));
    try (KafkaProducer<String, byte[]> p = create(bootstrapServers, bounded)) {
      p.send(new ProducerRecord<>(event.topic().name(prefix), event.key(), EventJson.write(event)))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while publishing to " + bootstrapServers, e);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      throw new IllegalStateException(
          "Cannot publish the "
              + event.type().wireName()
              + " event to "
              + bootstrapServers
              + ": "
              + e
              + " (is the cluster running there?)",
          e);
    }
  }
}
