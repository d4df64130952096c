package io.t4t.bench;

import io.t4t.core.project.ProjectLoader;
import io.t4t.core.run.ProjectRunner;
import io.t4t.runtime.EmbeddedKafka;
import io.t4t.runtime.Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The console's focused lineage as users meet it: requests to a running {@code t4t serve} (in this
 * process, on an embedded broker) of a generated project of {@code --models} models (default
 * 10,000; the planning benchmark's generator), timed from an HTTP client. The baseline is {@code
 * GET /health} on the same server (the cost of any request); then the lineage page, and the focused
 * view's JSON (the models and edges the browser lays out) of a model in the middle at depths 1 to
 * 3. Medians of the rounds, after as many warm-up rounds. The browser's layout and drawing of the
 * answer are not in these figures.
 */
public final class ConsoleLineageBenchmark {
  public static void main(String[] args) throws Exception {
    int models = 10_000;
    int rounds = 20;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--models" -> models = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path dir = Files.createTempDirectory("t4t-console-bench");
    try {
      run(Projects.dag(dir.resolve("dag"), models), models, rounds);
    } finally {
      DuckDbStrategyBenchmark.deleteTree(dir);
    }
  }

  private static void run(Path project, int models, int rounds) throws Exception {
    String focus = Projects.name(models / 2);
    String early = Projects.name(models / 100); // read by many: its downstream is wide
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        ProjectRunner runner = ProjectRunner.open(ProjectLoader.load(project));
        Server server =
            new Server(runner.session(), kafka.bootstrapServers(), "t4t.", 0, Duration.ofMillis(50))
                .start()) {
      String base = "http://127.0.0.1:" + server.port();
      HttpClient http = HttpClient.newHttpClient();
      String[][] requests = {
        {"GET /health (baseline)", base + "/health"},
        {"lineage page", base + "/console?model=" + focus + "&depth=2"},
        {"focused JSON, depth 1", base + "/console/api/lineage?model=" + focus + "&depth=1"},
        {"focused JSON, depth 2", base + "/console/api/lineage?model=" + focus + "&depth=2"},
        {"focused JSON, depth 3", base + "/console/api/lineage?model=" + focus + "&depth=3"},
        {"early model, depth 2", base + "/console/api/lineage?model=" + early + "&depth=2"},
        {"early model, depth 5", base + "/console/api/lineage?model=" + early + "&depth=5"},
      };
      System.out.printf(
          "Console lineage: %,d models, focus %s (early: %s), %d rounds (medians)%n",
          models, focus, early, rounds);
      Rounds r = new Rounds();
      java.util.Map<String, String> sizes = new java.util.LinkedHashMap<>();
      for (int round = -rounds; round < rounds; round++) {
        for (String[] q : requests) {
          long t0 = System.nanoTime();
          HttpResponse<String> answer =
              http.send(
                  HttpRequest.newBuilder(URI.create(q[1])).build(),
                  HttpResponse.BodyHandlers.ofString());
          double s = (System.nanoTime() - t0) / 1e9;
          if (answer.statusCode() != 200) {
            throw new IllegalStateException(q[0] + " answered " + answer.statusCode());
          }
          if (round >= 0) {
            r.add(q[0], s);
            sizes.put(
                q[0],
                answer.body().length() / 1024
                    + " KiB"
                    + (answer.body().contains("\"truncated\":true") ? ", truncated at 400" : ""));
          }
        }
      }
      sizes.forEach(
          (what, size) ->
              System.out.printf("%-26s %8.1f ms  %s%n", what, r.median(what) * 1000, size));
    }
  }
}
