package io.t4t.core.coordinate;

import io.t4t.core.dag.ModelGraph;
import io.t4t.core.project.ModelName;
import io.t4t.events.DataArrived;
import io.t4t.events.RunRequested;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Data arrivals, coalesced: the first arrival for a source opens a window (kept in the {@link
 * Schedule}), every arrival until it closes joins it, and one run of the models reading the sources
 * and their downstream models follows when it closes.
 */
final class Arrivals {
  private static final Logger LOG = Logger.getLogger("ExecutionEngine");

  private final String project;
  private final ModelGraph graph;
  private final Duration coalesceWindow;
  private final Release release;

  /**
   * @param project the project's folder, as the runs it requests name it
   */
  Arrivals(String project, ModelGraph graph, Duration coalesceWindow, Release release) {
    this.project = project;
    this.graph = graph;
    this.coalesceWindow = coalesceWindow;
    this.release = release;
  }

  void arrived(Step s, DataArrived a) {
    Set<ModelName> readers = graph.readers(a.source());
    if (readers.isEmpty()) {
      LOG.info("No model reads " + a.source() + ": arrival ignored");
      return;
    }
    Schedule sc = s.changes.schedule();
    Schedule.Window w = sc.window();
    Set<String> sources = new TreeSet<>(w == null ? Set.of() : w.sources());
    Set<String> models = new TreeSet<>(w == null ? Set.of() : w.models());
    sources.add(a.source());
    readers.forEach(r -> models.add(r.toString()));
    s.changes.putSchedule(
        new Schedule(
            new Schedule.Window(w == null ? s.now : w.opened(), sources, models), sc.retries()));
    closeWindowIfDue(s);
  }

  /** Closes the window when its time is up, starting its run. */
  void closeWindowIfDue(Step s) {
    Schedule sc = s.changes.schedule();
    Schedule.Window w = sc.window();
    if (w == null || s.now.isBefore(w.opened().plus(coalesceWindow))) {
      return;
    }
    Set<ModelName> roots = new TreeSet<>();
    w.models().forEach(m -> roots.add(ModelName.parse(m)));
    Set<ModelName> models = graph.withReaders(roots);
    LOG.info("Data arrived for " + w.sources() + ": running " + models);
    s.changes.putSchedule(new Schedule(null, sc.retries()));
    // the same window always makes the same run id, so a replayed decision makes no new run
    String runId =
        "arrival-"
            + UUID.nameUUIDFromBytes(
                (w.opened() + " " + w.sources()).getBytes(StandardCharsets.UTF_8));
    release.requestRun(
        s,
        runId,
        new RunRequested(
            project,
            models.stream().map(ModelName::toString).toList(),
            List.of(),
            Map.of(),
            false,
            "arrival"),
        null);
  }
}
