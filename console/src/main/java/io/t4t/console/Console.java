package io.t4t.console;

import io.t4t.core.coordinate.RunRequests;
import io.t4t.core.dag.BackfillScope;
import io.t4t.core.error.InvalidInputException;
import io.t4t.core.project.ModelName;
import io.t4t.events.BackfillWindow;
import io.t4t.events.ModelState;
import io.t4t.events.RunRequested;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The console's requests, answered for any host: pages under {@code /console}, JSON under {@code
 * /console/api}, and the browser code under {@code /console/static} and {@code /webjars} (from
 * {@code META-INF/resources} on the classpath, where Quarkus serves them too). The event stream
 * ({@link #EVENTS}) needs a connection kept open: the host answers it with {@link #subscribe}.
 */
public final class Console {
  private static final Logger LOG = Logger.getLogger(Console.class.getName());

  /** Where the pages live. */
  public static final String ROOT = "/console";

  /** The server-sent event stream of run changes. */
  public static final String EVENTS = "/console/events";

  /** Where the libraries from webjars are served. */
  public static final String WEBJARS = "/webjars/";

  private static final int NODE_LIMIT = 400;

  private final ConsoleSource source;
  private final Clock clock;
  private final Lineage lineage;
  private final RunWatch watch;
  private final Pages pages;

  /**
   * An answer.
   *
   * @param status the HTTP status
   * @param contentType its content type
   * @param body its bytes
   */
  public record Response(int status, String contentType, byte[] body) {}

  /**
   * Receives each event as one JSON object (null: a keep-alive, write a comment line); answers
   * false once the connection is closed, and is then dropped.
   */
  public interface EventSink {
    boolean send(String json);
  }

  public Console(ConsoleSource source, Clock clock) {
    this.source = source;
    this.clock = clock;
    this.lineage = new Lineage(source.graph());
    this.watch = new RunWatch(source);
    this.pages = new Pages(source, lineage, watch, clock);
  }

  /**
   * Publishes what changed in the runs since the last call; the host calls it whenever it may have
   * learned something (t4t serve: after each turn of its event pump).
   *
   * @throws ConsoleSource.NotReady when the host cannot read its runs yet (it tries again later)
   */
  public void refresh() {
    watch.refresh();
  }

  /**
   * Whether the answer to {@code path} shows the models' latest outcomes as the last {@link
   * #refresh} saw them (the lineage's colors, a model page's status): a host that refreshes seldom
   * refreshes before those only. Runs pages read the runs themselves.
   */
  public static boolean showsOutcomes(String path) {
    return path.equals(ROOT + "/api/lineage") || path.startsWith(ROOT + "/models/");
  }

  /** How many event streams are open (a host may refresh less often while none is). */
  public int subscribers() {
    return watch.subscribers();
  }

  /** Sends every later change to {@code sink} (a {@code null} JSON is a keep-alive). */
  public void subscribe(EventSink sink) {
    watch.subscribe(sink);
  }

  /** Sends a keep-alive to every subscriber, dropping those that closed. */
  public void ping() {
    watch.ping();
  }

  /**
   * Answers one request.
   *
   * @param method {@code GET} or {@code POST}
   * @param path the request path, starting with {@link #ROOT} or {@link #WEBJARS}
   * @param query the query parameters (first value of each)
   * @param body the request body (empty for a GET)
   * @return the answer; a failure of this host's reads is a 500 naming the path and the cause
   */
  public Response handle(String method, String path, Map<String, String> query, byte[] body) {
    try {
      return route(method, path, query, body);
    } catch (ConsoleSource.NotReady e) {
      return ConsoleJson.answer(503, Map.of("error", e.getMessage()));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot answer " + path, e);
      return ConsoleJson.answer(500, Map.of("error", "Cannot answer " + path + ": " + e));
    }
  }

  private Response route(String method, String path, Map<String, String> query, byte[] body) {
    if (path.startsWith(WEBJARS) || path.startsWith(ROOT + "/static/")) {
      return asset(path);
    }
    String rest = path.equals(ROOT) ? "/" : path.substring(ROOT.length());
    if (method.equals("POST") && rest.equals("/api/preview")) {
      return preview(body);
    }
    if (method.equals("POST") && rest.equals("/api/preview/backfill")) {
      return previewBackfill(body);
    }
    if (!method.equals("GET")) {
      return ConsoleJson.answer(
          405, Map.of("error", "Use GET, or POST /console/api/preview[/backfill]"));
    }
    if (rest.equals("/") || rest.equals("/lineage")) {
      return pages.lineage(query.get("model"), depth(query));
    }
    if (rest.equals("/runs")) {
      return pages.runs();
    }
    if (rest.startsWith("/runs/")) {
      return pages.run(rest.substring("/runs/".length()));
    }
    if (rest.startsWith("/models/")) {
      return pages.model(rest.substring("/models/".length()));
    }
    if (rest.equals("/api/lineage")) {
      return lineageJson(query.get("model"), depth(query));
    }
    if (rest.equals("/api/search")) {
      return ConsoleJson.ok(lineage.search(query.getOrDefault("q", ""), 20));
    }
    return ConsoleJson.answer(404, Map.of("error", "No console page at " + path));
  }

  static int depth(Map<String, String> query) {
    try {
      return Math.max(0, Math.min(10, Integer.parseInt(query.getOrDefault("depth", "2"))));
    } catch (NumberFormatException e) {
      return 2;
    }
  }

  private Response lineageJson(String model, int depth) {
    Lineage.View view;
    if (model == null || model.isBlank()) {
      view = lineage.all(NODE_LIMIT);
    } else if (lineage.contains(model)) {
      view = lineage.focus(model, depth, NODE_LIMIT);
    } else {
      return ConsoleJson.answer(
          404, Map.of("error", "Invalid model '" + model + "': no model of that name; search"));
    }
    Map<String, ModelState> state = source.state();
    List<Map<String, Object>> nodes = new ArrayList<>();
    for (String n : view.nodes()) {
      ModelFacts facts = ModelFacts.of(n, state.get(n), watch, clock.instant());
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("id", n);
      node.put("status", facts.status());
      node.put("message", facts.message());
      node.put("freshness_seconds", facts.freshnessSeconds());
      node.put("freshness", facts.freshness());
      node.put(
          "materialization",
          source.project().models().get(ModelName.parse(n)).config().materialization().wireName());
      nodes.add(node);
    }
    List<Map<String, String>> edges = new ArrayList<>();
    view.edges().forEach(e -> edges.add(Map.of("source", e.source(), "target", e.target())));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("focus", model == null || model.isBlank() ? null : model);
    out.put("depth", depth);
    out.put("nodes", nodes);
    out.put("edges", edges);
    out.put("truncated", view.truncated());
    out.put("models", lineage.size());
    return ConsoleJson.ok(out);
  }

  /**
   * What a run request would run, before it is sent: the body of {@code POST /runs}, read by the
   * same rules, answered as the models in DAG order.
   */
  private Response preview(byte[] body) {
    try {
      RunRequested r = RunRequests.run(body, source.project());
      Set<ModelName> selected = RunRequests.selected(source.project(), r.select(), r.exclude());
      List<String> models = new ArrayList<>();
      source.graph().order().stream()
          .filter(selected::contains)
          .forEach(m -> models.add(m.toString()));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("models", models);
      out.put("full_refresh", r.fullRefresh());
      return ConsoleJson.ok(out);
    } catch (InvalidInputException e) {
      return ConsoleJson.answer(400, Map.of("error", e.getMessage()));
    }
  }

  /**
   * What a backfill request would run: the body of {@code POST /backfills}, read by the same rules,
   * answered as the models in DAG order with what each does ({@code backfill} or {@code rebuild}).
   */
  private Response previewBackfill(byte[] body) {
    try {
      BackfillWindow w = RunRequests.backfill(body, source.graph(), source.project()).backfill();
      List<String> models = new ArrayList<>();
      BackfillScope.actions(source.project(), source.graph(), ModelName.parse(w.model()))
          .forEach(
              (m, action) -> models.add(m + " (" + action.name().toLowerCase(Locale.ROOT) + ")"));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("models", models);
      out.put("window", Map.of("model", w.model(), "start", w.start(), "end", w.end()));
      return ConsoleJson.ok(out);
    } catch (InvalidInputException e) {
      return ConsoleJson.answer(400, Map.of("error", e.getMessage()));
    }
  }

  /** A file of {@code META-INF/resources} on the classpath, or 404. */
  static Response asset(String path) {
    if (path.contains("..")) {
      return ConsoleJson.answer(400, Map.of("error", "Invalid path " + path));
    }
    try (InputStream in =
        Console.class.getClassLoader().getResourceAsStream("META-INF/resources" + path)) {
      if (in == null) {
        return ConsoleJson.answer(404, Map.of("error", "No file at " + path));
      }
      return new Response(200, contentType(path), in.readAllBytes());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + path + " from the classpath", e);
    }
  }

  private static String contentType(String path) {
    if (path.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    if (path.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    return path.endsWith(".svg") ? "image/svg+xml" : "application/octet-stream";
  }
}
