package io.t4t.core.error;

import io.t4t.events.ErrorCode;

/**
 * The warehouse cannot be reached or is held by another process right now: trying again later may
 * succeed. Not an input error: the input may be right. The CLI exits with code 2 and the message;
 * services retry and report the model's failure as TRANSIENT.
 */
public class UnavailableException extends T4tException {
  public UnavailableException(String message, Throwable cause) {
    super(ErrorCode.TRANSIENT, message, cause);
  }
}
