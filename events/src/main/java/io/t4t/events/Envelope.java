package io.t4t.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Every event: identity, type, schema version, the run it belongs to, when it was made, and its
 * payload. The event id lets consumers drop redelivered events.
 *
 * @param eventId unique per event (not per delivery)
 * @param type the payload's type
 * @param schemaVersion the payload's schema version
 * @param runId the run this event belongs to (a run request's own id for {@code run_requested});
 *     letters, digits, '.', '_', ':' and '-' only
 * @param time when the event was made (UTC)
 * @param payload the body
 */
public record Envelope(
    UUID eventId, EventType type, int schemaVersion, String runId, Instant time, Payload payload) {

  /** Run ids are keys in the planner's state: no separators, no surprises. */
  private static final java.util.regex.Pattern RUN_ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  public Envelope {
    if (eventId == null || type == null || runId == null || time == null || payload == null) {
      throw new EventFormatException(
          "Invalid event: event_id, type, run_id, time and payload are required");
    }
    if (!RUN_ID.matcher(runId).matches()) {
      throw new EventFormatException(
          DeadLetterReason.NOT_AN_EVENT,
          "Invalid event: run_id '"
              + runId
              + "' (expected 1 to 128 letters, digits, '.', '_', ':' or '-')");
    }
    if (payload.type() != type) {
      throw new EventFormatException(
          "Invalid event: type "
              + type.wireName()
              + " carries a "
              + payload.type().wireName()
              + " payload");
    }
  }

  /** A new event of the payload's type at its current schema version. */
  public static Envelope of(String runId, Payload payload) {
    return new Envelope(
        UUID.randomUUID(), payload.type(), payload.schemaVersion(), runId, Instant.now(), payload);
  }

  public Topic topic() {
    return type.topic();
  }

  /** The record key, from the payload. */
  public String key() {
    return payload.key();
  }
}
