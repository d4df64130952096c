package io.t4t.core.plan;

import io.t4t.core.dialect.Capability;
import io.t4t.core.dialect.Dialect;
import io.t4t.core.project.IncrementalConfig;
import io.t4t.core.project.MaterializationChangeBehavior;
import io.t4t.core.project.Model;
import io.t4t.events.ErrorCode;
import io.t4t.events.ModelState;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Why a model cannot be planned on this engine or against what the warehouse holds: it reads files
 * the engine cannot, its materialization changed where the project forbids that, or its table lacks
 * what an incremental load needs. A refused model fails with the reason; nothing runs.
 */
final class PlanChecks {
  private static final Logger LOG = Logger.getLogger("ExecutionEngine");

  /**
   * Why a model is refused.
   *
   * @param code the error its failure carries
   * @param message what is wrong and what to do
   */
  record Refusal(ErrorCode code, String message) {}

  private final Dialect dialect;
  private final MaterializationChangeBehavior onChange;
  private final java.util.Set<String> fileReaders;

  /**
   * @param onChange what the project does when a model's materialization changed
   * @param fileReaders the table functions that read files on any engine
   */
  PlanChecks(
      Dialect dialect, MaterializationChangeBehavior onChange, java.util.Set<String> fileReaders) {
    this.dialect = dialect;
    this.onChange = onChange;
    this.fileReaders = java.util.Set.copyOf(fileReaders);
  }

  /** Refuses a model that reads files on an engine that cannot. */
  Optional<Refusal> engineReadsFiles(Model model) {
    java.util.Set<String> files = model.sql().fileSources(fileReaders);
    if (files.isEmpty() || dialect.supports(Capability.READS_FILES)) {
      return Optional.empty();
    }
    return Optional.of(
        new Refusal(
            ErrorCode.INVALID_MODEL,
            "Cannot run "
                + model.name()
                + " on "
                + dialect.name()
                + ": it reads files ("
                + String.join(", ", files)
                + ") with read_csv and friends, which only DuckDB can; load the files into a table"
                + " first, or leave the model out with --exclude "
                + model.name()));
  }

  /**
   * How the model's materialization changed since it was last built ({@code from table to view}),
   * from its state or, without state, from what the warehouse holds; empty when it did not.
   */
  static Optional<String> materializationChange(Model model, ModelState state, TargetInfo target) {
    String now = model.config().materialization().wireName();
    String before = state == null ? null : state.materialization();
    if (before == null) {
      if (target.kind() == TargetInfo.Kind.VIEW && !now.equals("view")) {
        before = "view";
      } else if (target.kind() == TargetInfo.Kind.TABLE && now.equals("view")) {
        before = "table";
      }
    }
    if (before != null && !before.equals(now)) {
      return Optional.of("from " + before + " to " + now);
    }
    return Optional.empty();
  }

  /** Refuses a materialization change the project forbids; warns of one it allows. */
  Optional<Refusal> changeAllowed(Model model, Optional<String> change) {
    if (change.isEmpty()) {
      return Optional.empty();
    }
    if (onChange == MaterializationChangeBehavior.ERROR) {
      return Optional.of(
          new Refusal(
              ErrorCode.MATERIALIZATION_CHANGED,
              "Cannot change the materialization of "
                  + model.name()
                  + " "
                  + change.get()
                  + ": project.toml sets materialization_change_behavior = \"error\" (set it to"
                  + " \"warn\" to rebuild the model)"));
    }
    if (onChange == MaterializationChangeBehavior.WARN) {
      LOG.warning(
          "Materialization of " + model.name() + " changed " + change.get() + "; rebuilding it");
    }
    return Optional.empty();
  }

  /**
   * Refuses an incremental load into a table without the time column, or with a lookback on a time
   * column that is no date or timestamp.
   */
  Optional<Refusal> timeColumn(Model model, IncrementalConfig inc, TargetInfo target) {
    Optional<String> timeType = target.typeOf(inc.timeColumn());
    if (timeType.isEmpty()) {
      return Optional.of(
          new Refusal(
              ErrorCode.INVALID_MODEL,
              "Cannot run "
                  + model.name()
                  + " incrementally: its table has no column '"
                  + inc.timeColumn()
                  + "' (the time column); rebuild it with --full-refresh"));
    }
    if (inc.lookback().isPresent() && !dialect.isTemporal(timeType.get())) {
      return Optional.of(
          new Refusal(
              ErrorCode.INVALID_MODEL,
              "Cannot apply lookback '"
                  + inc.lookback().get()
                  + "' to "
                  + model.name()
                  + ": its time column '"
                  + inc.timeColumn()
                  + "' is "
                  + timeType.get()
                  + ", not a date or timestamp; remove the lookback or use a temporal time"
                  + " column"));
    }
    return Optional.empty();
  }
}
