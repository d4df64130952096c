package io.t4t.events;

/** A message that is not a valid t4t event; the message says which field and why. */
public class EventFormatException extends RuntimeException {
  public EventFormatException(String message) {
    super(message);
  }

  public EventFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
