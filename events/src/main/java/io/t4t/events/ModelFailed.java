package io.t4t.events;

/**
 * A model run failed and changed nothing (or was skipped because an upstream model failed).
 *
 * @param model {@code schema.name}
 * @param errorCode why
 * @param retryable whether trying again may succeed (from the error code)
 * @param message the error message, naming the model and what to do
 * @param durationMillis wall time until the failure
 */
public record ModelFailed(
    String model, ErrorCode errorCode, boolean retryable, String message, long durationMillis)
    implements Payload {
  @Override
  public EventType type() {
    return EventType.MODEL_FAILED;
  }

  @Override
  public String key() {
    return model;
  }
}
