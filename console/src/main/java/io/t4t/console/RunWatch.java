package io.t4t.console;

import io.t4t.core.coordinate.RunView;
import io.t4t.core.coordinate.Status;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Turns snapshots of runs into a stream of changes: {@link #refresh} compares each open run with
 * what it saw last and sends one event per model whose status changed to every subscriber. It also
 * remembers each model's latest outcome, for the lineage's colors. Refreshed by one thread (the
 * host's); read and subscribed to from any.
 */
final class RunWatch {
  /**
   * A model's latest status in a run this console watched.
   *
   * @param status lower case, as {@code GET /runs/{id}} spells it
   * @param message why it failed or was skipped, or null
   */
  record Outcome(String status, String message) {}

  private final ConsoleSource source;
  private final Map<String, Map<String, Status>> seen = new HashMap<>();
  private final Set<String> finished = new HashSet<>();
  private final Map<String, Outcome> latest = new ConcurrentHashMap<>();
  private final List<Console.EventSink> sinks = new CopyOnWriteArrayList<>();

  RunWatch(ConsoleSource source) {
    this.source = source;
  }

  void subscribe(Console.EventSink sink) {
    sinks.add(sink);
  }

  int subscribers() {
    return sinks.size();
  }

  Optional<Outcome> latest(String model) {
    return Optional.ofNullable(latest.get(model));
  }

  /** Looks at every run not yet seen finished and publishes what changed since the last call. */
  synchronized void refresh() {
    List<String> ids = source.runIds();
    seen.keySet().retainAll(ids);
    finished.retainAll(ids);
    for (String id : ids) {
      if (finished.contains(id)) {
        continue;
      }
      Optional<RunView> view = source.run(id);
      if (view.isEmpty()) {
        continue;
      }
      publishChanges(view.get(), seen.getOrDefault(id, Map.of()));
      seen.put(id, view.get().models());
      if (view.get().done()) {
        finished.add(id);
      }
    }
  }

  private void publishChanges(RunView run, Map<String, Status> before) {
    // the whole run as the runs page shows it, once per look: a page that opened after a model
    // failed still colors the finished run as a failure
    PageData.RunRow row = PageData.row(run);
    boolean any = false;
    for (Map.Entry<String, Status> e : run.models().entrySet()) {
      if (e.getValue() != before.get(e.getKey())) {
        String status = e.getValue().name().toLowerCase(Locale.ROOT);
        String message = run.messages().get(e.getKey());
        latest.put(e.getKey(), new Outcome(status, message));
        publish(event(run, row, e.getKey(), status, message));
        any = true;
      }
    }
    if (!any && run.done()) {
      publish(event(run, row, null, null, null));
    }
  }

  private static Map<String, Object> event(
      RunView run, PageData.RunRow row, String model, String status, String message) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("run_id", run.runId());
    e.put("model", model);
    e.put("status", status);
    e.put("message", message);
    e.put("run_done", run.done());
    e.put("run_state", row.state());
    e.put("run_css", row.css());
    e.put("run_counts", row.counts());
    return e;
  }

  private void publish(Map<String, Object> event) {
    String json = ConsoleJson.write(event);
    sinks.removeIf(s -> !s.send(json));
  }

  /** A comment line, so that closed connections are noticed and dropped. */
  void ping() {
    sinks.removeIf(s -> !s.send(null));
  }
}
