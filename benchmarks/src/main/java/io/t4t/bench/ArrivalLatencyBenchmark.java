package io.t4t.bench;

import io.t4t.core.project.ProjectLoader;
import io.t4t.core.roles.RunOptions;
import io.t4t.core.run.ProjectRunner;
import io.t4t.events.DataArrived;
import io.t4t.events.ModelCompleted;
import io.t4t.runtime.EmbeddedKafka;
import io.t4t.runtime.KafkaRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Data arrival to a fresh target through a real (embedded) Kafka broker: a file lands in {@code
 * landing/events/}, a {@code data_arrived} event is published, and the clock stops when the model's
 * run has committed ({@code model_completed} consumed). The same one-row delta is also applied
 * directly in-process, to give the Kafka path's overhead per model run.
 */
public final class ArrivalLatencyBenchmark {
  public static void main(String[] args) throws Exception {
    int arrivals = 100;
    long windowMs = 20;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--arrivals" -> arrivals = Integer.parseInt(args[++i]);
        case "--window-ms" -> windowMs = Long.parseLong(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Logger.getLogger("").setLevel(Level.WARNING);
    List<Logger> quiet = List.of(Logger.getLogger("org.apache.kafka"), Logger.getLogger("kafka"));
    quiet.forEach(l -> l.setLevel(Level.SEVERE));
    Path dir = Files.createTempDirectory("t4t-arrivals");
    Path kafkaDir = dir.resolve("viaKafka");
    Path directDir = dir.resolve("direct");
    for (Path p : List.of(kafkaDir, directDir)) {
      project(p);
    }
    System.out.printf(
        "Arrival latency: %d arrivals of one row each, coalescing window %d ms, embedded broker%n",
        arrivals, windowMs);
    List<Double> viaKafka = new ArrayList<>();
    List<Double> direct = new ArrayList<>();
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        ProjectRunner runner = ProjectRunner.open(ProjectLoader.load(kafkaDir));
        KafkaRunner k =
            new KafkaRunner(
                runner.session(), kafka.bootstrapServers(), "t4t.", Duration.ofMillis(windowMs));
        ProjectRunner directRunner = ProjectRunner.open(ProjectLoader.load(directDir))) {
      check(k.run(RunOptions.defaults()).ok());
      check(io.t4t.core.roles.LocalRun.run(directRunner.session(), RunOptions.defaults()).ok());
      AtomicLong committed = new AtomicLong();
      k.observe(
          e -> {
            if (e.payload() instanceof ModelCompleted) {
              committed.set(System.nanoTime());
            }
          });
      RunOptions one = new RunOptions(Map.of(), List.of("an.events"), List.of(), false);
      for (int i = 0; i < arrivals + 5; i++) {
        land(kafkaDir, i);
        long start = System.nanoTime();
        committed.set(0);
        k.notify(new DataArrived("landing/events", "landing/events/" + i + ".csv"));
        while (committed.get() == 0) {
          k.pump();
        }
        double ms = (committed.get() - start) / 1e6;
        land(directDir, i);
        long d0 = System.nanoTime();
        check(io.t4t.core.roles.LocalRun.run(directRunner.session(), one).ok());
        double directMs = (System.nanoTime() - d0) / 1e6;
        if (i >= 5) { // the first few warm the JIT
          viaKafka.add(ms);
          direct.add(directMs);
        }
      }
      check(count(runner).equals(count(directRunner)));
    }
    System.out.printf(
        "arrival -> fresh via Kafka: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        pct(viaKafka, 50), pct(viaKafka, 99), pct(viaKafka, 100));
    System.out.printf(
        "same model run direct, in-process: p50 %.1f ms, p99 %.1f ms%n",
        pct(direct, 50), pct(direct, 99));
    System.out.printf(
        "Kafka path overhead per model run (p50): %.1f ms, of which the coalescing window %d ms%n",
        pct(viaKafka, 50) - pct(direct, 50), windowMs);
  }

  private static void project(Path p) throws Exception {
    Files.createDirectories(p.resolve("models/an"));
    Files.createDirectories(p.resolve("landing/events"));
    Files.writeString(
        p.resolve("project.toml"),
        "[connection]\ntype = \"duckdb\"\npath = \"data/w.duckdb\"\nschema = \"an\"\n");
    Files.writeString(
        p.resolve("models/an/events.sql"),
        "SELECT CAST(id AS BIGINT) AS id, amount, CAST(ts AS TIMESTAMP) AS ts FROM read_csv('landing/events/*.csv', header = true)");
    Files.writeString(
        p.resolve("models/an/events.py"),
        "metadata = {'materialization': 'incremental', 'incremental': {'strategy': 'append',"
            + " 'append': {'time_column': 'ts'}}}\n");
    Files.writeString(
        p.resolve("landing/events/seed.csv"), "id,amount,ts\n0,1.0,2024-01-01 00:00:00\n");
  }

  private static void land(Path p, int i) throws Exception {
    Files.writeString(
        p.resolve("landing/events/" + i + ".csv"),
        "id,amount,ts\n"
            + (i + 1)
            + ",2.0,2024-01-01 00:00:00\n"
                .replace(
                    "00:00:00",
                    String.format(
                        "%02d:%02d:%02d", (i + 1) / 3600 % 24, (i + 1) / 60 % 60, (i + 1) % 60)));
  }

  private static String count(ProjectRunner r) throws Exception {
    return String.valueOf(r.warehouse().query("SELECT count(*), sum(id) FROM an.events").get(0));
  }

  private static void check(boolean ok) {
    if (!ok) {
      throw new IllegalStateException("a run failed");
    }
  }

  private static double pct(List<Double> xs, int p) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int i = (int) Math.ceil(p / 100.0 * s.size()) - 1;
    return s.get(Math.max(0, Math.min(s.size() - 1, i)));
  }
}
