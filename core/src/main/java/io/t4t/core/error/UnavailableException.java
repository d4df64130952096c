package io.t4t.core.error;

/**
 * The warehouse cannot be reached or is held by another process right now: trying again later may
 * succeed. The CLI still exits with code 2 and the message; services retry and report the model's
 * failure as TRANSIENT.
 */
public class UnavailableException extends InvalidInputException {
  public UnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
