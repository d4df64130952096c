package io.t4t.core.error;

/**
 * The user's input is wrong: project files, configuration, command-line arguments or variables.
 * Raised before anything is changed; the CLI exits with code 2.
 */
public class InvalidInputException extends RuntimeException {
  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
