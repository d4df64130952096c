package io.t4t.core.state;

import io.t4t.core.execute.LedgerEntry;
import java.time.LocalDateTime;

/**
 * One row of {@code tee_model_state}: the seed's columns plus the ledger position it reflects.
 *
 * @param modelName {@code schema.name}
 * @param materialization table, view or incremental
 * @param lastExecutionTimestamp when the last run committed (UTC)
 * @param sqlHash hash of the canonical SQL of the last run
 * @param configHash hash of the canonical config of the last run
 * @param lastProcessedValue the maximum time column value loaded so far, or null
 * @param strategy the incremental strategy, or null
 * @param lastRunId the run that produced this state
 * @param ledgerSeq the ledger entry this state reflects
 */
public record ModelState(
    String modelName,
    String materialization,
    LocalDateTime lastExecutionTimestamp,
    String sqlHash,
    String configHash,
    String lastProcessedValue,
    String strategy,
    String lastRunId,
    long ledgerSeq) {

  public static ModelState of(LedgerEntry e) {
    return new ModelState(
        e.model(),
        e.materialization(),
        e.appliedAt(),
        e.sqlHash(),
        e.configHash(),
        e.lastProcessedValue(),
        e.strategy(),
        e.runId(),
        e.seq());
  }
}
