package io.t4t.core.error;

import io.t4t.events.ErrorCode;

/** A model run failed. The target and the model's state are left as they were before the run. */
public class ModelRunException extends T4tException {
  private final String model;

  public ModelRunException(String model, ErrorCode code, String message) {
    super(code, message, null);
    this.model = model;
  }

  public ModelRunException(String model, ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
    this.model = model;
  }

  public String model() {
    return model;
  }
}
