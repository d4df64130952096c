package io.t4t.runtime;

import io.t4t.coordination.CoordinationTopology;
import io.t4t.coordination.RunQueries;
import io.t4t.coordination.StreamsTuning;
import io.t4t.core.coordinate.Coordinator;
import io.t4t.core.coordinate.RunRequests;
import io.t4t.core.coordinate.RunView;
import io.t4t.core.execute.WarehouseSession;
import io.t4t.core.plan.Planner;
import io.t4t.core.roles.ExecutorRole;
import io.t4t.core.roles.RunOptions;
import io.t4t.core.roles.RunSummaries;
import io.t4t.core.roles.RunSummary;
import io.t4t.core.roles.StatePlanner;
import io.t4t.events.DataArrived;
import io.t4t.events.Envelope;
import io.t4t.events.EventJson;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelFailed;
import io.t4t.events.RunRequested;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * The roles over Kafka in this process ({@code t4t serve}, {@code t4t run --transport kafka}): the
 * planner's coordination is the same Kafka Streams topology the planner-service runs (exactly once,
 * state in changelog-backed stores), and an {@link ExecutorLoop} applies the commands. Only the
 * loop's thread ({@link #pump}) touches the warehouse; runs are read back from the coordination's
 * stores from any thread.
 */
public final class KafkaRunner implements AutoCloseable {
  private final WarehouseSession session;
  private final String prefix;
  private final Path stateDir;
  private final KafkaStreams streams;
  private final ExecutorLoop executor;
  private final KafkaProducer<String, byte[]> producer;
  private final Coordinator coordinator;
  private final Map<String, Map<String, Envelope>> outcomes = new ConcurrentHashMap<>();

  public KafkaRunner(WarehouseSession session, String bootstrapServers, String prefix) {
    this(session, bootstrapServers, prefix, Duration.ofMillis(200));
  }

  /**
   * @param coalesceWindow how long the planner collects data arrivals before it starts a run
   */
  public KafkaRunner(
      WarehouseSession session, String bootstrapServers, String prefix, Duration coalesceWindow) {
    this.session = session;
    this.prefix = prefix;
    Topics.create(bootstrapServers, prefix, 1);
    this.producer = Producers.create(bootstrapServers, Map.of());
    // the coordination learns each model's state from the ledger this process holds
    // sent together, then awaited: one acknowledgement at a time took 10,000 round trips to the
    // broker on a 10,000-model project (most of t4t serve's start, by the console-lineage bench)
    java.util.List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
    session.state().values().forEach(s -> sent.add(send(Envelope.of("ledger", s))));
    sent.forEach(f -> await(f, "ledger"));
    this.coordinator =
        new Coordinator(
            session.project(),
            session.graph(),
            new Coordinator.Settings(coalesceWindow, 3, Duration.ofMillis(500), Duration.ofDays(1)),
            new StatePlanner(session.project()));
    String application =
        (prefix + "coordination-" + session.project().folder()).replaceAll("[^A-Za-z0-9._-]", "_");
    try {
      this.stateDir = Files.createTempDirectory("t4t-coordination");
    } catch (IOException e) {
      throw new IllegalStateException("Cannot create a folder for the coordination's state", e);
    }
    this.streams =
        new KafkaStreams(
            CoordinationTopology.build(
                coordinator, prefix, ExecutorLoop.SERVICE, Duration.ofMillis(20)),
            StreamsTuning.properties(application, bootstrapServers, stateDir));
    streams.start();
    awaitRunning();
    this.executor =
        new ExecutorLoop(
            new ExecutorRole(session, "embedded@" + ProcessHandle.current().pid()),
            bootstrapServers,
            prefix,
            application + "-executors");
    executor.observe(
        e -> {
          if (e.payload() instanceof ModelCompleted || e.payload() instanceof ModelFailed) {
            outcomes.computeIfAbsent(e.runId(), r -> new ConcurrentHashMap<>()).put(e.key(), e);
          }
        });
  }

  private void awaitRunning() {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline || !streams.state().isRunningOrRebalancing()) {
        throw new IllegalStateException(
            "Cannot start the coordination on Kafka: it is " + streams.state());
      }
      sleep(20);
    }
  }

  /** Runs the models the options select through Kafka and returns their outcomes. */
  public RunSummary run(RunOptions options) {
    RunRequested request =
        new RunRequested(
            session.project().folder(),
            options.select().stream()
                .map(m -> session.project().resolveModel(m).toString())
                .toList(),
            options.exclude().stream()
                .map(m -> session.project().resolveModel(m).toString())
                .toList(),
            options.vars(),
            options.fullRefresh(),
            "user");
    Planner.checkVariables(
        session.project(),
        RunRequests.selected(session.project(), request.select(), request.exclude()),
        options.vars());
    String runId = UUID.randomUUID().toString();
    publish(Envelope.of(runId, request));
    while (true) {
      if (!streams.state().isRunningOrRebalancing()) {
        throw new IllegalStateException(
            "Cannot finish run "
                + runId
                + ": the coordination stopped ("
                + streams.state()
                + "); see the log above");
      }
      pump();
      Optional<RunView> view = progress(runId);
      if (view.isPresent() && view.get().done()) {
        Map<String, Envelope> seen = outcomes.getOrDefault(runId, Map.of());
        outcomes.remove(runId);
        return RunSummaries.of(view.get(), session.graph(), seen);
      }
    }
  }

  /** A run's progress from the coordination's stores; empty while unknown or not queryable. */
  public Optional<RunView> progress(String runId) {
    try {
      return RunQueries.run(streams, runId);
    } catch (InvalidStateStoreException notNow) {
      return Optional.empty();
    }
  }

  /** How long finished runs are kept. */
  public Duration retention() {
    return coordinator.settings().retention();
  }

  /** Whether the coordination runs (its stores restored). */
  public boolean coordinating() {
    return streams.state() == KafkaStreams.State.RUNNING;
  }

  /** Publishes a data arrival, as {@code t4t notify} does. */
  public void notify(DataArrived arrival) {
    publish(Envelope.of("arrival-" + UUID.randomUUID(), arrival));
  }

  /** Publishes a run request (already checked), as {@code POST /runs} does. */
  public void request(String runId, RunRequested request) {
    publish(Envelope.of(runId, request));
  }

  /** Sees every outcome the executor publishes (for benchmarks). */
  public void observe(java.util.function.Consumer<Envelope> observer) {
    executor.observe(observer);
  }

  /** Dead letters the executor sent, by {@code "<topic> <reason>"}. */
  public Map<String, Long> deadLetters() {
    return executor.deadLetters();
  }

  /**
   * Applies what is waiting for the executor (one poll) and publishes the outcomes. A serving loop
   * calls this again and again, on the one thread that may use the warehouse.
   */
  public void pump() {
    executor.pump();
  }

  private void publish(Envelope e) {
    await(send(e), e.type().wireName());
  }

  private java.util.concurrent.Future<?> send(Envelope e) {
    return producer.send(new ProducerRecord<>(e.topic().name(prefix), e.key(), EventJson.write(e)));
  }

  private static void await(java.util.concurrent.Future<?> sent, String type) {
    try {
      sent.get();
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while publishing " + type, ex);
    } catch (ExecutionException ex) {
      throw new IllegalStateException("Cannot publish " + type + " to Kafka: " + ex.getCause(), ex);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (executor != null) {
      executor.close();
    }
    streams.close(Duration.ofSeconds(10));
    producer.close(Duration.ofSeconds(5));
    try (Stream<Path> files = Files.walk(stateDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a temporary folder
    }
  }
}
