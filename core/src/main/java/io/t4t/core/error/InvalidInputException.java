package io.t4t.core.error;

import io.t4t.events.ErrorCode;

/**
 * The user's input is wrong: project files, configuration, command-line arguments or variables.
 * Raised before anything is changed; the CLI exits with code 2.
 */
public class InvalidInputException extends T4tException {
  public InvalidInputException(String message) {
    super(ErrorCode.INVALID_MODEL, message, null);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(ErrorCode.INVALID_MODEL, message, cause);
  }
}
