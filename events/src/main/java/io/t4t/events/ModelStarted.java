package io.t4t.events;

/**
 * An executor began a model run.
 *
 * @param model {@code schema.name}
 * @param executor which executor took it (host and process), for operators
 * @param attempt the command's attempt number
 */
public record ModelStarted(String model, String executor, int attempt) implements Payload {

  public ModelStarted {
    Fields.required(model, EventType.MODEL_STARTED, "model");
    Fields.required(executor, EventType.MODEL_STARTED, "executor");
    Fields.atLeast(attempt, 1, EventType.MODEL_STARTED, "attempt");
  }

  @Override
  public EventType type() {
    return EventType.MODEL_STARTED;
  }

  @Override
  public String key() {
    return model;
  }
}
