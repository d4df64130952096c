package io.t4t.core.error;

import io.t4t.events.ErrorCode;

/**
 * Every error t4t raises on purpose, with the code failure events carry: {@link
 * InvalidInputException} (the user's input is wrong; nothing changed), {@link UnavailableException}
 * (the warehouse cannot be reached now; trying later may succeed) and {@link ModelRunException} (a
 * model run failed; its target and state are as before). Catch one of those by type; anything else
 * is a defect.
 */
public abstract class T4tException extends RuntimeException {
  private final ErrorCode code;

  protected T4tException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  /** Whether trying again may succeed (the code's own flag). */
  public boolean retryable() {
    return code.retryable();
  }
}
