package io.t4t.planner;

import io.t4t.testsupport.ServicesTestResource;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Clients of the test's broker, playing the executor and reading what the planner published. */
final class TestClients {
  private TestClients() {}

  /** A consumer of its own group, reading from the start of the topics it subscribes to. */
  static KafkaConsumer<String, byte[]> consumer(String group) {
    return new KafkaConsumer<>(
        Map.of(
            "bootstrap.servers",
            ServicesTestResource.bootstrapServers(),
            "group.id",
            group,
            "auto.offset.reset",
            "earliest"),
        new StringDeserializer(),
        new ByteArrayDeserializer());
  }

  /** A producer of event envelopes. */
  static KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(
        Map.of("bootstrap.servers", ServicesTestResource.bootstrapServers()),
        new StringSerializer(),
        new ByteArraySerializer());
  }
}
