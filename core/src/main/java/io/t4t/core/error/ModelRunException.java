package io.t4t.core.error;

import io.t4t.events.ErrorCode;

/** A model run failed. The target and the model's state are left as they were before the run. */
public class ModelRunException extends RuntimeException {
  private final String model;
  private final ErrorCode code;

  public ModelRunException(String model, ErrorCode code, String message) {
    super(message);
    this.model = model;
    this.code = code;
  }

  public ModelRunException(String model, ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.model = model;
    this.code = code;
  }

  public String model() {
    return model;
  }

  public ErrorCode code() {
    return code;
  }
}
