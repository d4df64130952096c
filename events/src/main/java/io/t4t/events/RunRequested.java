package io.t4t.events;

import java.util.List;
import java.util.Map;

/**
 * Run a project's models.
 *
 * @param project the project's name ({@code project_folder})
 * @param select models to run, {@code schema.name} (empty: all)
 * @param exclude models not to run
 * @param vars {@code --vars}: string, number, boolean or null values
 * @param fullRefresh rebuild incremental models from scratch
 * @param reason who asked: {@code user}, {@code api}, {@code arrival}, {@code backfill}
 * @param backfill null for a run; for a backfill, the model and window to reload (the run then
 *     selects that model and the models downstream of it: {@code select} and {@code exclude} are
 *     empty). A backfill is schema version 2: a reader of an older build, which would ignore this
 *     field and run every model incrementally, refuses the record instead; a plain run request
 *     stays version 1
 */
public record RunRequested(
    String project,
    List<String> select,
    List<String> exclude,
    Map<String, Object> vars,
    boolean fullRefresh,
    String reason,
    BackfillWindow backfill)
    implements Payload {

  /** A run request (not a backfill). */
  public RunRequested(
      String project,
      List<String> select,
      List<String> exclude,
      Map<String, Object> vars,
      boolean fullRefresh,
      String reason) {
    this(project, select, exclude, vars, fullRefresh, reason, null);
  }

  /**
   * A backfill request of {@code window}, asked by {@code requestedBy} ({@code api}, {@code user}).
   */
  public static RunRequested backfill(
      String project, BackfillWindow window, Map<String, Object> vars, String requestedBy) {
    return new RunRequested(project, List.of(), List.of(), vars, false, requestedBy, window);
  }

  public RunRequested {
    Fields.required(project, EventType.RUN_REQUESTED, "project");
    for (List<String> names : java.util.Arrays.asList(select, exclude)) {
      if (names != null && names.stream().anyMatch(n -> n == null || n.isBlank())) {
        throw new EventFormatException(
            "Invalid run_requested payload: 'select' and 'exclude' hold model names; an entry is"
                + " empty");
      }
    }
    select = select == null ? List.of() : List.copyOf(select);
    exclude = exclude == null ? List.of() : List.copyOf(exclude);
    vars =
        vars == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
  }

  @Override
  public EventType type() {
    return EventType.RUN_REQUESTED;
  }

  @Override
  public int schemaVersion() {
    return backfill == null ? 1 : 2;
  }

  @Override
  public String key() {
    return project;
  }
}
