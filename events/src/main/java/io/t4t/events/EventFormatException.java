package io.t4t.events;

/**
 * A record that is not a valid t4t event for the place it was read: the message says which field
 * and why, and {@link #reason()} classifies it for the dead-letter topic. Never retried: the same
 * bytes fail the same way every time.
 */
public class EventFormatException extends RuntimeException {
  private final DeadLetterReason reason;

  public EventFormatException(DeadLetterReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public EventFormatException(DeadLetterReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** A payload that lacks a field or holds a wrong value. */
  public EventFormatException(String message) {
    this(DeadLetterReason.INVALID_PAYLOAD, message);
  }

  /** A payload that lacks a field or holds a wrong value, as the JSON reader found. */
  public EventFormatException(String message, Throwable cause) {
    this(DeadLetterReason.INVALID_PAYLOAD, message, cause);
  }

  public DeadLetterReason reason() {
    return reason;
  }
}
