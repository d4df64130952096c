package io.t4t.events;

/**
 * A model run failed and changed nothing (or was skipped because an upstream model failed).
 *
 * @param model {@code schema.name}
 * @param errorCode why
 * @param retryable whether trying again may succeed (from the error code)
 * @param message the error message, naming the model and what to do
 * @param durationMillis wall time until the failure
 * @param ledgerSeq optional: the model's newest ledger position as the executor read it (set with
 *     {@code STALE_PLAN}, so the planner plans again from there; 0: no entry)
 * @param ledgerState optional: the model's state at that position (null: none, e.g. after a reset)
 * @param attempt optional: the attempt of the command that failed (a planner drops a failure of an
 *     attempt other than the one it waits for: a redelivered, older one)
 */
public record ModelFailed(
    String model,
    ErrorCode errorCode,
    boolean retryable,
    String message,
    long durationMillis,
    Long ledgerSeq,
    ModelState ledgerState,
    Integer attempt)
    implements Payload {

  public ModelFailed {
    Fields.required(model, EventType.MODEL_FAILED, "model");
    Fields.required(errorCode, EventType.MODEL_FAILED, "error_code");
    Fields.required(message, EventType.MODEL_FAILED, "message");
  }

  /** A failure that says nothing about the ledger (every code but {@code STALE_PLAN}). */
  public ModelFailed(
      String model, ErrorCode errorCode, boolean retryable, String message, long durationMillis) {
    this(model, errorCode, retryable, message, durationMillis, null, null, null);
  }

  /** A stale plan's refusal: where the model's ledger is. */
  public ModelFailed(
      String model,
      ErrorCode errorCode,
      boolean retryable,
      String message,
      long durationMillis,
      Long ledgerSeq,
      ModelState ledgerState) {
    this(model, errorCode, retryable, message, durationMillis, ledgerSeq, ledgerState, null);
  }

  /** This failure as the outcome of the command's attempt {@code n}. */
  public ModelFailed ofAttempt(int n) {
    return new ModelFailed(
        model, errorCode, retryable, message, durationMillis, ledgerSeq, ledgerState, n);
  }

  @Override
  public EventType type() {
    return EventType.MODEL_FAILED;
  }

  @Override
  public String key() {
    return model;
  }
}
