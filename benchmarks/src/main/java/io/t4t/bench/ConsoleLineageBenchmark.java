package io.t4t.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.t4t.core.dag.ModelGraph;
import io.t4t.core.project.ModelName;
import io.t4t.core.project.Project;
import io.t4t.core.project.ProjectLoader;
import io.t4t.core.run.Engine;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The console's focused lineage view of a 10,000-model project, as a user meets it: {@code t4t
 * serve} started as a process through its launcher on a generated project (after one {@code t4t
 * run}, so every model has state and freshness), then, for several models and depths, the two
 * requests a browser makes for the view (the lineage page, then its JSON), each timed to its full
 * response, and the page in headless chromium, timed from navigation to the graph drawn. The
 * baseline, in the same run on equal terms, is the most the console ever sends a browser: the
 * unfocused view (the first 400 models of the project: the console caps a view at 400 and never
 * answers the whole graph) and a focus at the largest depth it allows (10, capped at 400 too). Also
 * timed: {@code t4t serve}'s start on the project until the console answers (a fresh process per
 * round). Medians of the rounds; one untimed warm-up round of the views; the order of the views
 * alternates between rounds.
 */
public final class ConsoleLineageBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int WIDTH = 58;

  /** A lineage view a user opens: a model (null: none, the unfocused page) and a depth. */
  record View(String label, String model, int depth) {
    String page() {
      return model == null ? "/console" : "/console?model=" + enc(model) + "&depth=" + depth;
    }

    String json() {
      return "/console/api/lineage?"
          + (model == null ? "" : "model=" + enc(model) + "&")
          + "depth="
          + depth;
    }

    private static String enc(String s) {
      return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
  }

  /** What the console answered for a view: its size, to print and to check the browser drew it. */
  record Answer(int nodes, int edges, boolean truncated, int bytes) {}

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  public static void main(String[] args) throws Exception {
    int models = 10_000;
    int rounds = 5;
    Path t4t = Path.of("t4t").toAbsolutePath();
    Path keep = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--models" -> models = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--t4t" -> t4t = Path.of(args[++i]).toAbsolutePath();
        case "--project" -> keep = Path.of(args[++i]).toAbsolutePath();
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path dir = keep != null ? keep : Files.createTempDirectory("t4t-console-bench");
    try {
      new ConsoleLineageBenchmark().run(dir, models, rounds, t4t);
    } finally {
      if (keep == null) {
        DuckDbStrategyBenchmark.deleteTree(dir);
      }
    }
  }

  private void run(Path dir, int n, int rounds, Path t4t) throws Exception {
    System.out.printf(
        "Console lineage: t4t serve on a generated %,d-model DAG, %d rounds, %s%n", n, rounds, t4t);
    Path project = dir.resolve("dag-" + n);
    if (!Files.exists(project.resolve("project.toml"))) {
      Projects.dag(project, n);
      double s = CoordinationBenchmark.time(t4t, "run", project.toString());
      System.out.printf("t4t run of %,d models: %.2f s (once: every model gets state)%n", n, s);
    }
    List<View> views = views(project, n);
    Rounds r = new Rounds();
    View first = views.get(0);
    for (int round = 0; round < rounds; round++) {
      try (ServeProcess serve = ServeProcess.start(t4t, project)) {
        r.add("t4t serve start: the console's address printed", serve.secondsToAddress());
        get(serve.base() + first.page());
        get(serve.base() + first.json());
        r.add(
            "t4t serve start: the first focused page and JSON answered", serve.secondsSinceStart());
      }
    }
    Map<View, Answer> answers = new LinkedHashMap<>();
    try (ServeProcess serve = ServeProcess.start(t4t, project);
        LineageBrowser browser = new LineageBrowser(dir.resolve("chromium-profile"))) {
      for (View v : views) { // warm-up, untimed: the server's JIT and the browser's first start
        answers.put(v, answer(get(serve.base() + v.json())));
        browser.load(serve.base() + v.page());
      }
      for (int round = 0; round < rounds; round++) {
        List<View> order = new ArrayList<>(views);
        if (round % 2 == 1) {
          java.util.Collections.reverse(order);
        }
        for (View v : order) {
          time(r, v, serve.base(), answers.get(v), browser);
        }
      }
    }
    r.printMedians(WIDTH, 1000, "ms");
    report(r, views, answers);
  }

  private void time(Rounds r, View v, String base, Answer expected, LineageBrowser browser)
      throws Exception {
    long t0 = System.nanoTime();
    get(base + v.page());
    r.add(v.label() + ": page", (System.nanoTime() - t0) / 1e9);
    t0 = System.nanoTime();
    Answer a = answer(get(base + v.json()));
    r.add(v.label() + ": JSON", (System.nanoTime() - t0) / 1e9);
    LineageBrowser.Load load = browser.load(base + v.page());
    r.add(v.label() + ": browser, drawn", load.drawnMs() / 1000);
    r.add(v.label() + ": browser, JSON received", load.jsonMs() / 1000);
    if (load.drawnMs() > 5000) { // an outlier: say where it waited
      System.out.printf("slow page load, %s: %s%n", v.label(), load);
    }
    if (a.nodes() != expected.nodes() || load.nodes() != a.nodes() || load.edges() != a.edges()) {
      throw new IllegalStateException(
          v.label() + ": the browser drew " + load + ", the console answered " + a);
    }
  }

  private void report(Rounds r, List<View> views, Map<View, Answer> answers) {
    System.out.printf(
        "%n%-34s %13s %9s %9s %9s %12s %12s%n",
        "view (medians, ms)", "models/edges", "JSON KB", "page", "JSON", "browser", "of it: JSON");
    for (View v : views) {
      Answer a = answers.get(v);
      System.out.printf(
          "%-34s %13s %9.1f %9.1f %9.1f %12.1f %12.1f%n",
          v.label(),
          a.nodes() + "/" + a.edges() + (a.truncated() ? " (cut)" : ""),
          a.bytes() / 1024.0,
          r.median(v.label() + ": page") * 1000,
          r.median(v.label() + ": JSON") * 1000,
          r.median(v.label() + ": browser, drawn") * 1000,
          r.median(v.label() + ": browser, JSON received") * 1000);
    }
    String focused = views.get(0).label() + ": browser, drawn";
    for (View v : views.subList(views.size() - 2, views.size())) {
      r.ratio(v.label() + ": browser, drawn", focused, v.label() + " / " + views.get(0).label());
    }
  }

  /**
   * The views timed: the model in the middle of the DAG, the one with the most models upstream
   * within two steps, the one with the most downstream, a leaf (read by no model), at depth 2 (the
   * console's default) and the first two at depth 5 (the depth selector's largest); then the
   * baselines: the unfocused page and the middle model at depth 10 (the largest the console takes).
   */
  private static List<View> views(Path dir, int n) {
    Project project = ProjectLoader.load(dir);
    ModelGraph graph = ModelGraph.build(project, Engine.resolver(project));
    ModelName up = widest(graph, graph::upstream);
    ModelName down = widest(graph, graph::downstream);
    String middle = Projects.name(n / 2);
    String leaf = Projects.name(n - 1);
    if (!graph.downstream(ModelName.parse(leaf)).isEmpty()) {
      throw new IllegalStateException(leaf + " is read by a model: not a leaf");
    }
    return List.of(
        new View("middle " + middle + ", depth 2", middle, 2),
        new View("most upstream " + up + ", depth 2", up.toString(), 2),
        new View("most downstream " + down + ", depth 2", down.toString(), 2),
        new View("leaf " + leaf + ", depth 2", leaf, 2),
        new View("middle " + middle + ", depth 5", middle, 5),
        new View("most upstream " + up + ", depth 5", up.toString(), 5),
        new View("baseline: no model (first 400)", null, 2),
        new View("baseline: middle, depth 10 (largest)", middle, 10));
  }

  /** The model with the most models within two steps along {@code next}. */
  private static ModelName widest(ModelGraph graph, Function<ModelName, Set<ModelName>> next) {
    ModelName best = null;
    int most = -1;
    for (ModelName m : graph.order()) {
      Set<ModelName> near = new HashSet<>(next.apply(m));
      for (ModelName one : next.apply(m)) {
        near.addAll(next.apply(one));
      }
      if (near.size() > most) {
        most = near.size();
        best = m;
      }
    }
    return best;
  }

  private HttpResponse<byte[]> get(String url) throws Exception {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "GET " + url + " answered " + response.statusCode() + ": " + new String(response.body()));
    }
    return response;
  }

  private static Answer answer(HttpResponse<byte[]> response) throws Exception {
    JsonNode json = JSON.readTree(response.body());
    return new Answer(
        json.get("nodes").size(),
        json.get("edges").size(),
        json.get("truncated").asBoolean(),
        response.body().length);
  }
}
