package io.t4t.runtime;

import io.t4t.core.coordinate.RunCoordinator;
import io.t4t.core.coordinate.RunProgress;
import io.t4t.core.execute.RunOutcome;
import io.t4t.core.project.ModelName;
import io.t4t.core.roles.CommandPlanner;
import io.t4t.core.roles.ExecutorRole;
import io.t4t.core.run.ProjectRunner;
import io.t4t.core.run.RunOptions;
import io.t4t.core.run.RunSummary;
import io.t4t.events.BucketCompleted;
import io.t4t.events.BucketFailed;
import io.t4t.events.DataArrived;
import io.t4t.events.DeadLetter;
import io.t4t.events.Envelope;
import io.t4t.events.EventJson;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelFailed;
import io.t4t.events.ModelFannedOut;
import io.t4t.events.RunRequested;
import io.t4t.events.Topic;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Runs a project through Kafka in this process: publishes a {@code run_requested} event, then
 * consumes every t4t topic and hands each event to its role (planner: {@link RunCoordinator};
 * executor: {@link ExecutorRole}), publishing what the role answers, until the run is done.
 *
 * <p>One thread, on purpose: the roles share this process's warehouse connection, which is not safe
 * across threads, and DuckDB allows one writer. Scaled executors are separate processes.
 */
public final class KafkaRunner implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(20);
  private static final String SERVICE = "t4t";
  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger("DeadLetters");

  private final ProjectRunner runner;
  private final String prefix;
  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<String, byte[]> consumer;
  private final RunCoordinator coordinator;
  private final ExecutorRole executor;

  private final List<java.util.function.Consumer<Envelope>> observers = new ArrayList<>();
  private final Map<String, Long> deadLetters = new java.util.concurrent.ConcurrentHashMap<>();

  public KafkaRunner(ProjectRunner runner, String bootstrapServers, String prefix) {
    this(runner, bootstrapServers, prefix, Duration.ofMillis(200));
  }

  /**
   * @param coalesceWindow how long the planner collects data arrivals before it starts a run
   */
  public KafkaRunner(
      ProjectRunner runner, String bootstrapServers, String prefix, Duration coalesceWindow) {
    this.runner = runner;
    this.prefix = prefix;
    Topics.create(bootstrapServers, prefix, 1);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
    this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (Topic t :
        List.of(
            Topic.RUN_REQUESTS,
            Topic.DATA_ARRIVALS,
            Topic.MODEL_RUN_COMMANDS,
            Topic.MERGE_TASKS,
            Topic.MODEL_EVENTS)) {
      partitionsOf(t.name(prefix))
          .forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
    }
    // Assigned, not subscribed: this process owns every partition, so no group join delays the run.
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    this.coordinator =
        new RunCoordinator(
            runner.project(),
            runner.graph(),
            Clock.systemUTC(),
            coalesceWindow,
            3,
            new CommandPlanner(runner));
    this.executor = new ExecutorRole(runner, "embedded@" + ProcessHandle.current().pid());
  }

  /** Runs the models the options select through Kafka and returns their outcomes. */
  public RunSummary run(RunOptions options) {
    Map<ModelName, Envelope> outcomes = new HashMap<>();
    String runId = UUID.randomUUID().toString();
    java.util.function.Consumer<Envelope> collect =
        e -> {
          if (e.runId().equals(runId)
              && (e.payload() instanceof ModelCompleted || e.payload() instanceof ModelFailed)) {
            outcomes.putIfAbsent(ModelName.parse(e.key()), e);
          }
        };
    observers.add(collect);
    try {
      publish(Envelope.of(runId, request(options)));
      while (coordinator.progress(runId).map(p -> !p.done()).orElse(true)) {
        pump();
      }
    } finally {
      observers.remove(collect);
    }
    return summary(runId, coordinator.progress(runId).orElseThrow(), outcomes);
  }

  /** Every run's progress as plain data, taken on the pumping thread (for other threads). */
  public Map<String, Map<String, String>> progressSnapshot() {
    Map<String, Map<String, String>> out = new java.util.LinkedHashMap<>();
    for (String runId : coordinator.runIds()) {
      RunProgress p = coordinator.progress(runId).orElseThrow();
      Map<String, String> models = new java.util.LinkedHashMap<>();
      p.models().forEach((m, status) -> models.put(m.toString(), status.name().toLowerCase()));
      out.put(runId, models);
    }
    return out;
  }

  /** Publishes a data arrival, as {@code t4t notify} does. */
  public void notify(DataArrived arrival) {
    publish(Envelope.of("arrival-" + UUID.randomUUID(), arrival));
  }

  /** Sees every event this runner consumes (for progress reports and benchmarks). */
  public void observe(java.util.function.Consumer<Envelope> observer) {
    observers.add(observer);
  }

  /**
   * Takes what is waiting on the topics (one poll), hands each event to its role, publishes the
   * answers, and closes a due arrival window. A serving loop calls this again and again. A record
   * that is not a valid event of its topic, or whose handling fails, goes to the dead-letter topic
   * with its reason and origin ({@link DeadLetter}); the pump goes on with the next one.
   */
  public void pump() {
    for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
      List<Envelope> out;
      try {
        Topic topic =
            Topic.named(prefix, record.topic())
                .orElseThrow(() -> new IllegalStateException("not a t4t topic: " + record.topic()));
        Envelope e = EventJson.read(record.value(), topic);
        observers.forEach(o -> o.accept(e));
        out = handle(e);
      } catch (RuntimeException failure) {
        deadLetter(record, failure);
        continue;
      }
      out.forEach(this::publish);
    }
    coordinator.tick().forEach(this::publish);
  }

  private void deadLetter(ConsumerRecord<String, byte[]> record, RuntimeException failure) {
    DeadLetter letter =
        DeadLetter.of(failure, record.topic(), record.partition(), record.offset(), SERVICE);
    LOG.warning(
        "Dead-lettered the record at "
            + record.topic()
            + "/"
            + record.partition()
            + "@"
            + record.offset()
            + " ["
            + letter.code().wireName()
            + "]: "
            + letter.reason());
    ProducerRecord<String, byte[]> dead =
        new ProducerRecord<>(Topic.DEAD_LETTERS.name(prefix), record.key(), record.value());
    record.headers().forEach(h -> dead.headers().add(h));
    letter
        .headers()
        .forEach(
            (k, v) -> dead.headers().add(k, v.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    send(dead, "a dead letter");
    deadLetters.merge(letter.topic() + " " + letter.code().wireName(), 1L, Long::sum);
  }

  /** Dead letters this runner sent, by {@code "<topic> <reason>"}. */
  public Map<String, Long> deadLetters() {
    return Map.copyOf(deadLetters);
  }

  private RunRequested request(RunOptions options) {
    List<String> select =
        options.select().stream().map(m -> runner.project().resolveModel(m).toString()).toList();
    List<String> exclude =
        options.exclude().stream().map(m -> runner.project().resolveModel(m).toString()).toList();
    return new RunRequested(
        runner.project().folder(), select, exclude, options.vars(), options.fullRefresh(), "user");
  }

  private List<Envelope> handle(Envelope e) {
    if (e.payload() instanceof RunRequested r) {
      return coordinator.requestRun(e.runId(), r);
    }
    if (e.payload() instanceof DataArrived a) {
      return coordinator.arrived(a);
    }
    if (e.topic() == Topic.MODEL_RUN_COMMANDS || e.topic() == Topic.MERGE_TASKS) {
      return executor.handle(e);
    }
    if (e.payload() instanceof ModelFannedOut f) {
      return coordinator.fannedOut(e.runId(), f);
    }
    if (e.payload() instanceof BucketCompleted b) {
      return coordinator.bucketCompleted(e.runId(), b);
    }
    if (e.payload() instanceof BucketFailed b) {
      return coordinator.bucketFailed(e.runId(), b);
    }
    if (e.payload() instanceof ModelCompleted c) {
      return coordinator.completed(e.runId(), c);
    }
    if (e.payload() instanceof ModelFailed f) {
      return coordinator.failed(e.runId(), f);
    }
    return List.of(); // model_started and model_state are for observers
  }

  /** A new topic's partitions, waiting briefly for its metadata to reach this client. */
  private List<org.apache.kafka.common.PartitionInfo> partitionsOf(String topic) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      List<org.apache.kafka.common.PartitionInfo> p = consumer.partitionsFor(topic);
      if (p != null && !p.isEmpty()) {
        return p;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Cannot see the partitions of topic " + topic + " after 30 s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for topic " + topic, e);
      }
    }
  }

  private void publish(Envelope e) {
    send(
        new ProducerRecord<>(e.topic().name(prefix), e.key(), EventJson.write(e)),
        e.type().wireName());
  }

  private void send(ProducerRecord<String, byte[]> record, String what) {
    try {
      producer.send(record).get();
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while publishing " + what, ex);
    } catch (ExecutionException ex) {
      throw new IllegalStateException("Cannot publish " + what + " to Kafka: " + ex.getCause(), ex);
    }
  }

  private static RunSummary summary(
      String runId, RunProgress progress, Map<ModelName, Envelope> outcomes) {
    List<RunOutcome> out = new ArrayList<>();
    for (Map.Entry<ModelName, RunProgress.Status> m : progress.models().entrySet()) {
      Envelope e = outcomes.get(m.getKey());
      if (m.getValue() == RunProgress.Status.SUCCEEDED && e.payload() instanceof ModelCompleted c) {
        out.add(
            new RunOutcome(
                m.getKey(),
                RunOutcome.Status.SUCCEEDED,
                c.rows(),
                null,
                c.durationMillis(),
                null,
                null));
      } else if (m.getValue() == RunProgress.Status.SKIPPED) {
        out.add(RunOutcome.skipped(m.getKey(), progress.messages().get(m.getKey())));
      } else {
        ModelFailed f = (ModelFailed) e.payload();
        out.add(RunOutcome.failed(m.getKey(), f.errorCode(), f.message(), f.durationMillis()));
      }
    }
    return new RunSummary(runId, out);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
    consumer.close(Duration.ofSeconds(5));
  }
}
