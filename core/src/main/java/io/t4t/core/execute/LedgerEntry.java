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
    LocalDateTime appliedAt) {

  public static final String APPLIED = "applied";
  public static final String RESET = "reset";

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
