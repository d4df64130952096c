package io.t4t.events;

/**
 * A model run committed: its data and its ledger row. The fields are the ledger row's.
 *
 * @param model {@code schema.name}
 * @param materialization table, view or incremental
 * @param strategy append, merge, delete_insert, or null
 * @param rows rows the run wrote
 * @param lastProcessedValue the watermark after the run, or null
 * @param sqlHash hash of the canonical SQL
 * @param configHash hash of the canonical config
 * @param ledgerSeq the run's ledger sequence number
 * @param durationMillis wall time of the run
 * @param alreadyApplied true when the command was a redelivery of a run already applied
 * @param runKind full, incremental, backfill or view; null in records from before these fields
 * @param rowsInserted rows the run inserted, or null (not counted, or an older record)
 * @param rowsUpdated rows a merge updated (keys the target held), or null
 * @param rowsDeleted rows a delete_insert or a backfill deleted, or null
 * @param tests the model's data tests run on the batch before it was published (empty when it has
 *     none; absent in events from older builds, read as empty)
 */
public record ModelCompleted(
    String model,
    String materialization,
    String strategy,
    long rows,
    String lastProcessedValue,
    String sqlHash,
    String configHash,
    long ledgerSeq,
    long durationMillis,
    boolean alreadyApplied,
    String runKind,
    Long rowsInserted,
    Long rowsUpdated,
    Long rowsDeleted,
    java.util.List<TestOutcome> tests)
    implements Payload {

  /** A completion without run kind and row counts (as records before they were added). */
  public ModelCompleted(
      String model,
      String materialization,
      String strategy,
      long rows,
      String lastProcessedValue,
      String sqlHash,
      String configHash,
      long ledgerSeq,
      long durationMillis,
      boolean alreadyApplied) {
    this(
        model,
        materialization,
        strategy,
        rows,
        lastProcessedValue,
        sqlHash,
        configHash,
        ledgerSeq,
        durationMillis,
        alreadyApplied,
        null,
        null,
        null,
        null,
        java.util.List.of());
  }

  /** A completion with run kind and row counts, without tests. */
  public ModelCompleted(
      String model,
      String materialization,
      String strategy,
      long rows,
      String lastProcessedValue,
      String sqlHash,
      String configHash,
      long ledgerSeq,
      long durationMillis,
      boolean alreadyApplied,
      String runKind,
      Long rowsInserted,
      Long rowsUpdated,
      Long rowsDeleted) {
    this(
        model,
        materialization,
        strategy,
        rows,
        lastProcessedValue,
        sqlHash,
        configHash,
        ledgerSeq,
        durationMillis,
        alreadyApplied,
        runKind,
        rowsInserted,
        rowsUpdated,
        rowsDeleted,
        java.util.List.of());
  }

  public ModelCompleted {
    tests = tests == null ? java.util.List.of() : java.util.List.copyOf(tests);
    Fields.required(model, EventType.MODEL_COMPLETED, "model");
    Fields.required(materialization, EventType.MODEL_COMPLETED, "materialization");
    Fields.required(sqlHash, EventType.MODEL_COMPLETED, "sql_hash");
    Fields.required(configHash, EventType.MODEL_COMPLETED, "config_hash");
    Fields.atLeast(ledgerSeq, 0, EventType.MODEL_COMPLETED, "ledger_seq");
    Fields.atLeast(rows, 0, EventType.MODEL_COMPLETED, "rows");
  }

  @Override
  public EventType type() {
    return EventType.MODEL_COMPLETED;
  }

  @Override
  public String key() {
    return model;
  }
}
