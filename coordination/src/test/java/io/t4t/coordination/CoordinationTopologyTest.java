package io.t4t.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import io.t4t.core.coordinate.Coordinator;
import io.t4t.core.coordinate.RunView;
import io.t4t.core.coordinate.Status;
import io.t4t.core.dag.ModelGraph;
import io.t4t.core.project.Project;
import io.t4t.core.project.ProjectLoader;
import io.t4t.core.roles.StatePlanner;
import io.t4t.core.run.Engine;
import io.t4t.events.DeadLetter;
import io.t4t.events.Envelope;
import io.t4t.events.EventJson;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelRunCommand;
import io.t4t.events.RunRequested;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology on a real broker, exactly once: commands follow requests and outcomes, bad records
 * are dead-lettered with their origin, runs are read back by interactive query, and a new instance
 * takes over the state of one that was closed mid-run.
 */
class CoordinationTopologyTest {
  @TempDir Path dir;

  private Broker broker;
  private KafkaProducer<String, byte[]> producer;
  private KafkaConsumer<String, byte[]> out;
  private final List<KafkaStreams> running = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    broker = new Broker();
    producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", broker.servers()),
            new StringSerializer(),
            new ByteArraySerializer());
    out =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                broker.servers(),
                "group.id",
                "test-" + UUID.randomUUID(),
                "auto.offset.reset",
                "earliest",
                "isolation.level",
                "read_committed"),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    out.subscribe(List.of("t4t.model-run-commands", "t4t.model-events", "t4t.dead-letters"));
  }

  @AfterEach
  void stop() throws Exception {
    running.forEach(KafkaStreams::close);
    out.close();
    producer.close();
    broker.close();
  }

  private Project project() throws Exception {
    Path p = dir.resolve("p");
    Files.createDirectories(p.resolve("models/s"));
    Files.writeString(
        p.resolve("project.toml"),
        "project_folder = \"p\"\n[connection]\ntype = \"duckdb\"\npath = \"data/p.duckdb\"\n"
            + "schema = \"s\"\n");
    Files.writeString(p.resolve("models/s/a.sql"), "SELECT * FROM raw.src");
    Files.writeString(p.resolve("models/s/b.sql"), "SELECT * FROM s.a");
    return ProjectLoader.load(p);
  }

  private KafkaStreams streams(Project project, String stateDir) throws Exception {
    ModelGraph graph = ModelGraph.build(project, Engine.resolver(project));
    Coordinator coordinator =
        new Coordinator(project, graph, Coordinator.Settings.defaults(), new StatePlanner(project));
    KafkaStreams s =
        new KafkaStreams(
            CoordinationTopology.build(coordinator, "t4t.", "t4t-test", Duration.ofMillis(20)),
            StreamsTuning.properties(
                "t4t-planner-test",
                broker.servers(),
                Files.createDirectories(dir.resolve(stateDir))));
    s.start();
    running.add(s);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (s.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(s.state()).isEqualTo(KafkaStreams.State.RUNNING);
    return s;
  }

  @Test
  void commandsFollowRequestsAndOutcomesAndAnotherInstanceTakesTheStateOver() throws Exception {
    Project project = project();
    KafkaStreams first = streams(project, "one");
    send("t4t.run-requests", Envelope.of("run-1", request("b", "a")), "traceparent-of-run-1");

    List<ConsumerRecord<String, byte[]>> commands = await(1);
    assertThat(commands).extracting(ConsumerRecord::key).containsExactly("s.a");
    ModelRunCommand a = (ModelRunCommand) EventJson.read(commands.get(0).value()).payload();
    assertThat(a.mode()).isEqualTo("full");
    assertThat(new String(commands.get(0).headers().lastHeader("traceparent").value()))
        .isEqualTo("traceparent-of-run-1");
    assertThat(view(first, "run-1").models()).containsEntry("s.a", Status.RUNNING);

    // the first instance goes away mid-run; a new one restores its state from the changelog
    first.close(Duration.ofSeconds(30));
    running.remove(first);
    KafkaStreams second = streams(project, "two");
    send("t4t.model-events", Envelope.of("run-1", completed("s.a", 4)), null);
    List<ConsumerRecord<String, byte[]>> next = await(1);
    assertThat(next).extracting(ConsumerRecord::key).containsExactly("s.b");
    send("t4t.model-events", Envelope.of("run-1", completed("s.b", 5)), null);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!view(second, "run-1").done() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    RunView done = view(second, "run-1");
    assertThat(done.models())
        .containsEntry("s.a", Status.SUCCEEDED)
        .containsEntry("s.b", Status.SUCCEEDED);
    assertThat(done.done()).isTrue();
    // what the coordinator learnt from the completion plans the next run incrementally... or
    // fully: s.a's model has no incremental config, so full; its ledger position is carried
    send("t4t.run-requests", Envelope.of("run-2", request("a")), null);
    ModelRunCommand again = (ModelRunCommand) EventJson.read(await(1).get(0).value()).payload();
    assertThat(again.basedOnLedgerSeq()).isEqualTo(4);
    // the console's reads: the runs newest first, and each model's state as learnt
    view(second, "run-2");
    assertThat(RunQueries.recentRuns(second, 10)).containsExactly("run-2", "run-1");
    assertThat(RunQueries.recentRuns(second, 1)).containsExactly("run-2");
    assertThat(RunQueries.known(second))
        .hasEntrySatisfying("s.a", k -> assertThat(k.seq()).isEqualTo(4))
        .hasEntrySatisfying("s.b", k -> assertThat(k.sqlHash()).isEqualTo("h"));
  }

  @Test
  void badRecordsAreDeadLetteredWithTheirOriginAndTheRestGoesOn() throws Exception {
    Project project = project();
    KafkaStreams s = streams(project, "one");
    producer.send(new ProducerRecord<>("t4t.data-arrivals", "x", "not json".getBytes())).get();
    send("t4t.run-requests", Envelope.of("bad", request("nope")), null);
    send(
        "t4t.run-requests",
        Envelope.of("other", new RunRequested("other", List.of(), List.of(), null, false, "api")),
        null);
    send("t4t.model-events", Envelope.of("r", completed("s.zzz", 1)), null);
    send("t4t.run-requests", Envelope.of("good", request("a")), null);

    List<ConsumerRecord<String, byte[]>> got = await(5);
    List<DeadLetter> dead = new ArrayList<>();
    List<String> commanded = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : got) {
      if (r.topic().equals("t4t.dead-letters")) {
        Map<String, String> h = new HashMap<>();
        r.headers().forEach(x -> h.put(x.key(), new String(x.value(), StandardCharsets.UTF_8)));
        dead.add(DeadLetter.fromHeaders(h));
      } else {
        commanded.add(r.key());
      }
    }
    assertThat(dead)
        .extracting(d -> d.topic() + " " + d.code().wireName())
        .containsExactlyInAnyOrder(
            "t4t.data-arrivals not_an_event",
            "t4t.run-requests unknown_model",
            "t4t.run-requests wrong_project",
            "t4t.model-events unknown_model");
    assertThat(dead).allMatch(d -> d.service().equals("t4t-test") && d.offset() >= 0);
    assertThat(commanded).containsExactly("s.a");
    assertThat(s.state()).isEqualTo(KafkaStreams.State.RUNNING);
    assertThat(RunQueries.run(s, "bad")).isEmpty();
  }

  private static RunRequested request(String... select) {
    return new RunRequested("p", List.of(select), List.of(), null, false, "api");
  }

  private static ModelCompleted completed(String model, long seq) {
    return new ModelCompleted(model, "table", null, 1, null, "h", "c", seq, 5, false);
  }

  private void send(String topic, Envelope e, String traceparent) throws Exception {
    ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, e.key(), EventJson.write(e));
    if (traceparent != null) {
      r.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
    }
    producer.send(r).get();
  }

  private List<ConsumerRecord<String, byte[]>> await(int n) {
    List<ConsumerRecord<String, byte[]>> got = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (got.size() < n && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> r : out.poll(Duration.ofMillis(100))) {
        // the planner's own model_failed and the test's inputs on model-events are not outputs
        if (r.topic().equals("t4t.model-events")) {
          continue;
        }
        got.add(r);
      }
    }
    return got;
  }

  private static RunView view(KafkaStreams s, String runId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        Optional<RunView> v = RunQueries.run(s, runId);
        if (v.isPresent()) {
          return v.get();
        }
      } catch (org.apache.kafka.streams.errors.InvalidStateStoreException notYet) {
        // rebalancing
      }
      Thread.sleep(20);
    }
    throw new AssertionError("run " + runId + " not in the stores");
  }
}
