package io.t4t.runtime;

import io.t4t.core.roles.ExecutorRole;
import io.t4t.events.DeadLetter;
import io.t4t.events.Envelope;
import io.t4t.events.EventJson;
import io.t4t.events.Failures;
import io.t4t.events.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The executor role over Kafka in this process ({@code t4t serve}, {@code t4t run --transport
 * kafka}): consumes commands and merge tasks, applies each through {@link ExecutorRole} and
 * publishes its outcome; an offset is committed only after the outcome is on the broker. A record
 * that is not a command of this project goes to the dead-letter topic (and, when it was a valid
 * command, its model is reported failed so the run ends); a failure to publish rewinds to the first
 * record not yet done, which is applied again (idempotently) on the next turn.
 */
final class ExecutorLoop implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("DeadLetters");
  private static final Duration POLL = Duration.ofMillis(20);
  static final String SERVICE = "t4t";

  private final ExecutorRole executor;
  private final String prefix;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final List<Consumer<Envelope>> observers = new ArrayList<>();
  private final Map<String, Long> deadLetters = new ConcurrentHashMap<>();
  private final List<java.util.concurrent.Future<?>> sent = new ArrayList<>();

  ExecutorLoop(ExecutorRole executor, String bootstrapServers, String prefix, String group) {
    this.executor = executor;
    this.prefix = prefix;
    this.producer = Producers.create(bootstrapServers, Map.of());
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // the coordination writes commands in transactions: apply committed ones only
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(
        List.of(Topic.MODEL_RUN_COMMANDS.name(prefix), Topic.MERGE_TASKS.name(prefix)));
  }

  /** Sees every outcome this loop publishes. */
  void observe(Consumer<Envelope> observer) {
    observers.add(observer);
  }

  /** Dead letters this loop sent, by {@code "<topic> <reason>"}. */
  Map<String, Long> deadLetters() {
    return Map.copyOf(deadLetters);
  }

  /**
   * One poll: applies what arrived and publishes the outcomes, then commits the offsets of the
   * records whose outcomes the broker acknowledged.
   *
   * @throws RuntimeException when handling or publishing failed (the broker is away): the offsets
   *     up to the last record fully done are committed, and the rest is delivered again by the next
   *     turn (applying a command again is answered from the ledger)
   */
  void pump() {
    List<Done> handled = new ArrayList<>();
    RuntimeException failure = null;
    try {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
        handle(r);
        handled.add(new Done(r, List.copyOf(sent)));
        sent.clear();
      }
    } catch (RuntimeException e) {
      failure = e;
    }
    sent.clear();
    Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    for (Done d : handled) {
      try {
        d.sent().forEach(ExecutorLoop::await);
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
        break;
      }
      done.put(
          new TopicPartition(d.record().topic(), d.record().partition()),
          new OffsetAndMetadata(d.record().offset() + 1));
    }
    if (!done.isEmpty()) {
      consumer.commitSync(done);
    }
    if (failure != null) {
      rewind();
      throw failure;
    }
  }

  /** A record handled this turn, with the sends of its outcomes. */
  private record Done(
      ConsumerRecord<String, byte[]> record, List<java.util.concurrent.Future<?>> sent) {}

  /** Back to the committed offsets: what is not committed is delivered again. */
  private void rewind() {
    for (TopicPartition tp : consumer.assignment()) {
      OffsetAndMetadata committed = consumer.committed(java.util.Set.of(tp)).get(tp);
      if (committed != null) {
        consumer.seek(tp, committed.offset());
      } else {
        consumer.seekToBeginning(java.util.Set.of(tp));
      }
    }
  }

  private void handle(ConsumerRecord<String, byte[]> r) {
    Envelope command;
    try {
      Topic topic = Topic.named(prefix, r.topic()).orElseThrow();
      command = EventJson.read(r.value(), topic);
    } catch (RuntimeException bad) {
      deadLetter(r, bad);
      return;
    }
    List<Envelope> out;
    try {
      out = executor.handle(command);
    } catch (RuntimeException failure) {
      if (Failures.isTransient(failure)) {
        throw failure; // the record is done again on the next turn
      }
      publish(List.of(ExecutorRole.failed(command, failure)));
      deadLetter(r, failure);
      return;
    }
    publish(out);
  }

  /** Sends the outcomes; {@link #pump} waits for them before it commits the offsets. */
  private void publish(List<Envelope> out) {
    for (Envelope e : out) {
      sent.add(
          producer.send(new ProducerRecord<>(e.topic().name(prefix), e.key(), EventJson.write(e))));
    }
    out.forEach(e -> observers.forEach(o -> o.accept(e)));
  }

  private void deadLetter(ConsumerRecord<String, byte[]> r, RuntimeException failure) {
    DeadLetter letter = DeadLetter.of(failure, r.topic(), r.partition(), r.offset(), SERVICE);
    LOG.warning(
        "Dead-lettered the record at "
            + r.topic()
            + "/"
            + r.partition()
            + "@"
            + r.offset()
            + " ["
            + letter.code().wireName()
            + "]: "
            + letter.reason());
    ProducerRecord<String, byte[]> dead =
        new ProducerRecord<>(Topic.DEAD_LETTERS.name(prefix), r.key(), r.value());
    r.headers().forEach(h -> dead.headers().add(h));
    letter.headers().forEach((k, v) -> dead.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
    send(dead);
    deadLetters.merge(letter.topic() + " " + letter.code().wireName(), 1L, Long::sum);
  }

  private void send(ProducerRecord<String, byte[]> record) {
    sent.add(producer.send(record));
  }

  private static void await(java.util.concurrent.Future<?> sent) {
    try {
      sent.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while publishing to Kafka", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("Cannot publish to Kafka: " + e.getCause(), e);
    }
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
    producer.close(Duration.ofSeconds(5));
  }
}
