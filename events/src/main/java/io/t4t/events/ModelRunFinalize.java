package io.t4t.events;

/**
 * Record a fanned-out model run whose buckets are all applied: its ledger entry and watermark are
 * written only now. Sent by the planner's collector once it has counted every bucket; keyed by
 * model on the model-run-commands topic, so it follows the model's earlier commands. Idempotent: a
 * run already in the ledger is answered from it.
 *
 * @param model {@code schema.name}
 * @param buckets how many buckets were applied (K); 0 when read from a version-1 {@code
 *     model_run_command} with mode {@code finalize}, which did not say
 * @param attempt the attempt of the model's run this finishes
 */
public record ModelRunFinalize(String model, int buckets, int attempt) implements Payload {

  public ModelRunFinalize {
    Fields.required(model, EventType.MODEL_RUN_FINALIZE, "model");
    Fields.atLeast(buckets, 0, EventType.MODEL_RUN_FINALIZE, "buckets");
    Fields.atLeast(attempt, 1, EventType.MODEL_RUN_FINALIZE, "attempt");
  }

  @Override
  public EventType type() {
    return EventType.MODEL_RUN_FINALIZE;
  }

  @Override
  public String key() {
    return model;
  }
}
