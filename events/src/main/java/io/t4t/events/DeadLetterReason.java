package io.t4t.events;

import java.util.Locale;

/**
 * Why a record was forwarded to the dead-letter topic instead of being processed. The wire name
 * (lower case) is the {@code t4t-dead-letter-code} header and the {@code reason} label of the
 * {@code t4t_dead_letters_total} metric: a short, fixed set, so dashboards can group by it.
 */
public enum DeadLetterReason {
  /** Not a t4t event: not JSON, not an object, or an envelope field (id, time, run) is broken. */
  NOT_AN_EVENT,
  /** The envelope names an event type this build does not know. */
  UNKNOWN_TYPE,
  /** The event's schema version is newer than this build reads. */
  UNSUPPORTED_VERSION,
  /** The payload lacks a required field or holds a value of the wrong type or range. */
  INVALID_PAYLOAD,
  /** A valid event on a topic that does not carry its type (a model_state on merge-tasks). */
  WRONG_TOPIC,
  /** The event names a model (or source) the consuming service's project does not have. */
  UNKNOWN_MODEL,
  /** The event is for another project than the one the consuming service runs. */
  WRONG_PROJECT,
  /** A valid event whose processing failed with an error that trying again will not cure. */
  PROCESSING_FAILED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Strict, case-insensitive lookup by wire name. */
  public static DeadLetterReason fromName(String name) {
    for (DeadLetterReason r : values()) {
      if (r.wireName().equalsIgnoreCase(name == null ? "" : name.trim())) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "Unknown dead-letter reason: '"
            + name
            + "' (expected one of "
            + java.util.Arrays.stream(values())
                .map(DeadLetterReason::wireName)
                .collect(java.util.stream.Collectors.joining(", "))
            + ")");
  }
}
