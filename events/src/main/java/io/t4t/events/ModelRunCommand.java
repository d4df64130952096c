package io.t4t.events;

import java.util.Map;

/**
 * Apply one model run. Keyed by model, so one executor owns a model's runs in order. Applying is
 * idempotent per (run id, model): the executor checks the run ledger in the target first.
 *
 * @param model {@code schema.name}
 * @param mode what the planner decided: {@code full}, {@code incremental} or {@code view}; or
 *     {@code finalize}: every bucket of the fanned-out run is applied, record the run
 * @param basedOnLedgerSeq the ledger position the plan was made from; if the model's ledger has
 *     moved on, the plan is stale and the executor refuses it (to be planned again)
 * @param vars the run's variables
 * @param fullRefresh the run was asked to rebuild
 * @param attempt 1 for the first delivery of a retry chain, counting up on retries
 */
public record ModelRunCommand(
    String model,
    String mode,
    long basedOnLedgerSeq,
    Map<String, Object> vars,
    boolean fullRefresh,
    int attempt)
    implements Payload {

  public ModelRunCommand {
    vars =
        vars == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
  }

  @Override
  public EventType type() {
    return EventType.MODEL_RUN_COMMAND;
  }

  @Override
  public String key() {
    return model;
  }
}
