package io.t4t.core.coordinate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.t4t.core.dag.BackfillScope;
import io.t4t.core.dag.ModelGraph;
import io.t4t.core.error.InvalidInputException;
import io.t4t.core.plan.Planner;
import io.t4t.core.project.ModelName;
import io.t4t.core.project.Project;
import io.t4t.events.BackfillWindow;
import io.t4t.events.DataArrived;
import io.t4t.events.RunRequested;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The bodies of {@code POST /runs} and {@code POST /arrivals}, read strictly for the
 * planner-service and {@code t4t serve} alike: models are named as on the command line ({@code
 * schema.name}, or {@code name} where unique) and come out in full; a bad body is an {@link
 * InvalidInputException} (a 400) naming the field and what to write instead.
 */
public final class RunRequests {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> RUN_FIELDS = Set.of("select", "exclude", "vars", "full_refresh");
  private static final Set<String> BACKFILL_FIELDS = Set.of("model", "start", "end", "vars");
  private static final Set<String> ARRIVAL_FIELDS = Set.of("source", "location");

  private RunRequests() {}

  /**
   * A run request: {@code {"select": [...], "exclude": [...], "vars": {...}, "full_refresh":
   * false}}, every field optional; an empty body runs every model.
   */
  public static RunRequested run(byte[] body, Project project) {
    JsonNode root = object(body, "run request", RUN_FIELDS, "{\"select\": [\"marts.orders\"]}");
    List<String> select = models(root, "select", project);
    List<String> exclude = models(root, "exclude", project);
    Map<String, Object> vars = vars(root, "run request");
    JsonNode full = root.get("full_refresh");
    if (full != null && !full.isNull() && !full.isBoolean()) {
      throw invalid("run request", "'full_refresh' must be true or false");
    }
    Set<ModelName> selected = selected(project, select, exclude);
    if (selected.isEmpty()) {
      throw invalid(
          "run request", "'select' less 'exclude' leaves no model to run; name at least one");
    }
    try {
      Planner.checkVariables(project, selected, vars);
    } catch (InvalidInputException e) {
      throw invalid("run request", "'vars': " + e.getMessage());
    }
    return new RunRequested(
        project.folder(), select, exclude, vars, full != null && full.asBoolean(), "api");
  }

  /**
   * The models a run selects: those named in {@code select} (every model when it is empty), less
   * those in {@code exclude}, all named as on the command line.
   */
  public static Set<ModelName> selected(
      Project project, List<String> select, List<String> exclude) {
    Set<ModelName> out = new TreeSet<>();
    if (select.isEmpty()) {
      out.addAll(project.models().keySet());
    } else {
      select.forEach(m -> out.add(project.resolveModel(m)));
    }
    exclude.forEach(m -> out.remove(project.resolveModel(m)));
    return out;
  }

  /**
   * A backfill request: {@code {"model": "marts.orders", "start": "2024-01-01", "end":
   * "2024-02-01", "vars": {...}}}; model, start and end required. What can be checked without the
   * warehouse is checked here (the model has a time column, end after start where both read as
   * numbers or dates, variables); the executor checks the bounds against the engine.
   */
  public static RunRequested backfill(byte[] body, ModelGraph graph, Project project) {
    JsonNode root =
        object(
            body,
            "backfill request",
            BACKFILL_FIELDS,
            "{\"model\": \"marts.orders\", \"start\": \"2024-01-01\", \"end\": \"2024-02-01\"}");
    String model = text(root, "model", "the incremental model to reload, e.g. \"marts.orders\"");
    String start = text(root, "start", "the window's first value of the time column");
    String end = text(root, "end", "the value of the time column the window stops before");
    Map<String, Object> vars = vars(root, "backfill request");
    ModelName name;
    try {
      name = checkBackfill(project, graph, new BackfillWindow(model, start, end), vars);
    } catch (InvalidInputException e) {
      throw invalid("backfill request", e.getMessage());
    }
    return RunRequested.backfill(
        project.folder(), new BackfillWindow(name.toString(), start, end), vars, "api");
  }

  /**
   * What the project alone says of a backfill, for every model of its selection: the model exists
   * and has a time column, end is after start where both read as numbers or dates, and every
   * variable the selection uses is set. Shared by {@code POST /backfills} and the coordinator (a
   * {@code run_requested} that fails it is dead-lettered); the engine's checks are the executor's.
   *
   * @return the model, named in full
   * @throws InvalidInputException naming the model and the key
   */
  public static ModelName checkBackfill(
      Project project, ModelGraph graph, BackfillWindow window, Map<String, Object> vars) {
    ModelName name = project.resolveModel(window.model());
    BackfillScope.requireWindowed(project, name);
    BackfillScope.checkWindow(name, window.start(), window.end());
    Planner.checkVariables(project, BackfillScope.actions(project, graph, name).keySet(), vars);
    return name;
  }

  /** A new run id for the request: a backfill's starts with {@code backfill-}. */
  public static String runId(RunRequested request) {
    return (request.backfill() == null ? "" : "backfill-") + java.util.UUID.randomUUID();
  }

  private static String text(JsonNode root, String field, String what) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull() || !n.isValueNode() || n.asText().isBlank()) {
      throw invalid("backfill request", "'" + field + "' is required: " + what);
    }
    return n.asText();
  }

  /** A data arrival: {@code {"source": "raw.orders", "location": "..."}}; source required. */
  public static DataArrived arrival(byte[] body, ModelGraph graph, Project project) {
    JsonNode root =
        object(body, "arrival", ARRIVAL_FIELDS, "{\"source\": \"" + exampleSource(graph) + "\"}");
    JsonNode source = root.get("source");
    if (source == null || !source.isTextual() || source.asText().isBlank()) {
      throw invalid(
          "arrival",
          "'source' is required: the table or file folder that got new data, e.g. {\"source\": \""
              + exampleSource(graph)
              + "\"}");
    }
    JsonNode location = root.get("location");
    if (location != null && !location.isNull() && !location.isTextual()) {
      throw invalid("arrival", "'location' must be a string (the file that landed)");
    }
    if (graph.readers(source.asText()).isEmpty()) {
      throw new InvalidInputException(
          "No model reads '"
              + source.asText()
              + "': name a source of "
              + project.folder()
              + " as its models name it: "
              + sources(graph));
    }
    return new DataArrived(
        source.asText(), location == null || location.isNull() ? null : location.asText());
  }

  private static Map<String, Object> vars(JsonNode root, String what) {
    Map<String, Object> vars = new LinkedHashMap<>();
    JsonNode v = root.get("vars");
    if (v != null && !v.isNull()) {
      if (!v.isObject()) {
        throw invalid(what, "'vars' must be an object, e.g. {\"start_date\": \"2024-01-01\"}");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode value = e.getValue();
        if (!value.isValueNode()) {
          throw invalid(
              what,
              "'vars."
                  + e.getKey()
                  + "' must be a string, number, boolean or null, not "
                  + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        vars.put(e.getKey(), JSON.convertValue(value, Object.class));
      }
    }
    return vars;
  }

  private static JsonNode object(byte[] body, String what, Set<String> fields, String example) {
    if (body == null || body.length == 0 || new String(body).isBlank()) {
      return JSON.createObjectNode();
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw invalid(what, "the body is not JSON (" + e.getOriginalMessage() + "); send " + example);
    } catch (java.io.IOException e) {
      throw invalid(what, "cannot read the body (" + e.getMessage() + ")");
    }
    if (root == null || root.isNull()) {
      return JSON.createObjectNode();
    }
    if (!root.isObject()) {
      throw invalid(what, "expected a JSON object, e.g. " + example);
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!fields.contains(f)) {
        throw invalid(what, "unknown field '" + f + "' (expected " + new TreeSet<>(fields) + ")");
      }
    }
    return root;
  }

  private static List<String> models(JsonNode root, String field, Project project) {
    JsonNode n = root.get(field);
    List<String> out = new ArrayList<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isArray()) {
      throw invalid(
          "run request", "'" + field + "' must be a list of model names, e.g. [\"marts.orders\"]");
    }
    for (JsonNode m : n) {
      if (!m.isTextual()) {
        throw invalid(
            "run request", "'" + field + "' must hold model names (strings), not " + m.toString());
      }
      try {
        out.add(project.resolveModel(m.asText()).toString());
      } catch (InvalidInputException e) {
        throw invalid("run request", "'" + field + "': " + e.getMessage());
      }
    }
    return out;
  }

  private static String exampleSource(ModelGraph graph) {
    List<String> s = sources(graph);
    return s.isEmpty() ? "raw.orders" : s.get(0);
  }

  /** Every source some model reads: tables, then file folders. */
  private static List<String> sources(ModelGraph graph) {
    Set<String> out = new TreeSet<>();
    for (ModelName m : graph.order()) {
      graph.sources(m).forEach(t -> out.add(t.toString()));
      out.addAll(graph.fileSources(m));
    }
    return List.copyOf(out);
  }

  private static InvalidInputException invalid(String what, String message) {
    return new InvalidInputException("Invalid " + what + ": " + message);
  }
}
