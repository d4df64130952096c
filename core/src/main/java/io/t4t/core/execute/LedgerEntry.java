package io.t4t.core.execute;

import java.time.LocalDateTime;

/**
 * One row of the ledger: a model run applied (or a model's state reset) in the target database.
 *
 * @param seq increasing per target database; orders entries of one model
 * @param runId the run that applied it
 * @param model {@code schema.name}
 * @param kind {@code applied} or {@code reset}
 * @param materialization the model's materialization when applied
 * @param strategy the incremental strategy, or null
 * @param sqlHash hash of the canonical SQL
 * @param configHash hash of the canonical config
 * @param lastProcessedValue the watermark after the run, or null
 * @param rowsWritten rows the run wrote
 * @param appliedAt when the transaction committed (UTC)
 * @param detail what the run did (its kind, window, row counts and duration); {@link
 *     RunDetail#NONE} for resets and for entries written before the ledger recorded it
 */
public record LedgerEntry(
    long seq,
    String runId,
    String model,
    String kind,
    String materialization,
    String strategy,
    String sqlHash,
    String configHash,
    String lastProcessedValue,
    long rowsWritten,
    LocalDateTime appliedAt,
    RunDetail detail) {

  public static final String APPLIED = "applied";
  public static final String RESET = "reset";

  public LedgerEntry {
    detail = detail == null ? RunDetail.NONE : detail;
  }

  /** An entry without run detail (a reset, or an entry from an older ledger). */
  public LedgerEntry(
      long seq,
      String runId,
      String model,
      String kind,
      String materialization,
      String strategy,
      String sqlHash,
      String configHash,
      String lastProcessedValue,
      long rowsWritten,
      LocalDateTime appliedAt) {
    this(
        seq,
        runId,
        model,
        kind,
        materialization,
        strategy,
        sqlHash,
        configHash,
        lastProcessedValue,
        rowsWritten,
        appliedAt,
        RunDetail.NONE);
  }

  /**
   * What an applied run did, for {@code t4t runs}. Null fields: not known (an entry written before
   * the ledger had these columns, or a count the run cannot make, e.g. rows a rebuild replaced).
   *
   * @param runKind {@code full}, {@code incremental}, {@code backfill} or {@code view}
   * @param windowStart the window's lower bound as text (a backfill's {@code --start}), or null
   * @param windowEnd the window's upper bound as text (a backfill's {@code --end}), or null
   * @param inserted rows inserted
   * @param updated rows updated (a merge's rows whose key was already in the target)
   * @param deleted rows deleted (a delete_insert's or a backfill's delete)
   * @param durationMillis wall time from the run's start to its ledger row
   */
  public record RunDetail(
      String runKind,
      String windowStart,
      String windowEnd,
      Long inserted,
      Long updated,
      Long deleted,
      Long durationMillis) {
    public static final RunDetail NONE = new RunDetail(null, null, null, null, null, null, null);

    public static final String FULL = "full";
    public static final String INCREMENTAL = "incremental";
    public static final String BACKFILL = "backfill";
    public static final String VIEW = "view";
  }

  /** This entry with {@code detail}. */
  public LedgerEntry withDetail(RunDetail detail) {
    return new LedgerEntry(
        seq,
        runId,
        model,
        kind,
        materialization,
        strategy,
        sqlHash,
        configHash,
        lastProcessedValue,
        rowsWritten,
        appliedAt,
        detail);
  }

  /**
   * The model definition a run applies, as the ledger records it (and a stage, until its run is
   * finished: a change here changes {@link StageRegistry}'s layout).
   *
   * @param materialization the model's materialization
   * @param strategy the incremental strategy name, or null
   * @param sqlHash hash of the canonical SQL
   * @param configHash hash of the canonical config
   */
  public record Definition(
      String materialization, String strategy, String sqlHash, String configHash) {
    /** The definition of {@code model} as loaded now. */
    public static Definition of(io.t4t.core.project.Model model) {
      return new Definition(
          model.config().materialization().wireName(),
          model.config().strategyName(),
          model.sql().hash(),
          io.t4t.core.project.ModelConfigHash.of(model.config()));
    }
  }

  /** The entry of an applied run, before the ledger numbers and stamps it. */
  public static LedgerEntry applied(
      String runId, String model, Definition definition, String watermark, long rows) {
    return new LedgerEntry(
        0,
        runId,
        model,
        APPLIED,
        definition.materialization(),
        definition.strategy(),
        definition.sqlHash(),
        definition.configHash(),
        watermark,
        rows,
        null);
  }

  /** The model state this applied entry records (the seed's tee_model_state columns). */
  public io.t4t.events.ModelState toState() {
    return new io.t4t.events.ModelState(
        model,
        materialization,
        appliedAt,
        sqlHash,
        configHash,
        lastProcessedValue,
        strategy,
        runId,
        seq);
  }
}
