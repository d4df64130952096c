package io.t4t.core.plan;

/** What a model run does. */
public enum RunMode {
  /** Build the whole table (first run, change, or --full-refresh) and swap it in. */
  FULL,
  /** Load the window's delta with the model's strategy. */
  INCREMENTAL,
  /**
   * Reload a window of the time column: delete it from the target, load it from the source with the
   * model's strategy ({@code t4t backfill}, decision 0012).
   */
  BACKFILL,
  /** (Re)create a view. */
  VIEW,
  /** Do nothing and fail the model, e.g. a forbidden materialization change. */
  REFUSE
}
