package io.t4t.core.coordinate;

import java.util.List;

/**
 * What the coordinator keeps per model, across runs.
 *
 * @param inFlight the run the model is running in (null: none); a model runs in one run at a time
 * @param waiting runs whose command for the model waits for the run in flight, oldest first
 * @param known the model's state at its newest ledger position as the planner learnt it (from
 *     completions, model_state and stale-plan refusals); null: nothing known
 */
public record ModelSlot(String inFlight, List<String> waiting, Known known) {
  public static final ModelSlot EMPTY = new ModelSlot(null, List.of(), null);

  public ModelSlot {
    waiting = List.copyOf(waiting);
  }

  ModelSlot inFlight(String runId) {
    return new ModelSlot(runId, waiting, known);
  }

  ModelSlot waiting(List<String> w) {
    return new ModelSlot(inFlight, w, known);
  }

  ModelSlot known(Known k) {
    return new ModelSlot(inFlight, waiting, k);
  }

  /** True when the slot holds nothing worth keeping. */
  public boolean holdsNothing() {
    return inFlight == null && waiting.isEmpty() && known == null;
  }

  /**
   * A model's state at a ledger position; null hashes: none there (a reset).
   *
   * @param materialization as last applied
   * @param sqlHash as last applied
   * @param configHash as last applied
   * @param seq the ledger position
   */
  public record Known(String materialization, String sqlHash, String configHash, long seq) {
    /**
     * Why {@code model}, as its files now stand, needs a full build at this state (empty: it does
     * not): it was reset, or its materialization, SQL or config changed since it was applied.
     */
    public java.util.Optional<String> fullBuildReason(io.t4t.core.project.Model model) {
      String wanted = model.config().materialization().wireName();
      if (materialization == null || sqlHash == null || configHash == null) {
        return java.util.Optional.of("it was reset");
      }
      if (!materialization.equals(wanted)) {
        return java.util.Optional.of(
            "materialization changed from " + materialization + " to " + wanted);
      }
      if (!sqlHash.equals(model.sql().hash())) {
        return java.util.Optional.of("SQL changed");
      }
      if (!configHash.equals(io.t4t.core.project.ModelConfigHash.of(model.config()))) {
        return java.util.Optional.of("config changed");
      }
      return java.util.Optional.empty();
    }
  }
}
