package io.t4t.events;

import java.time.LocalDateTime;

/**
 * A model's current state (the seed's {@code tee_model_state} columns), on a compacted topic: the
 * latest record per model is its state. A record with a null payload value (tombstone) is written
 * by the transport on reset; this payload always describes a model that has state.
 */
public record ModelState(
    String model,
    String materialization,
    LocalDateTime lastExecutionTimestamp,
    String sqlHash,
    String configHash,
    String lastProcessedValue,
    String strategy,
    String lastRunId,
    long ledgerSeq)
    implements Payload {

  public ModelState {
    Fields.required(model, EventType.MODEL_STATE, "model");
    Fields.required(materialization, EventType.MODEL_STATE, "materialization");
    Fields.required(sqlHash, EventType.MODEL_STATE, "sql_hash");
    Fields.required(configHash, EventType.MODEL_STATE, "config_hash");
    Fields.atLeast(ledgerSeq, 0, EventType.MODEL_STATE, "ledger_seq");
  }

  @Override
  public EventType type() {
    return EventType.MODEL_STATE;
  }

  @Override
  public String key() {
    return model;
  }
}
