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
