package io.t4t.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Events as JSON: {@code {"event_id", "type", "schema_version", "run_id", "time", "payload"}} with
 * snake_case payload fields and ISO-8601 times. Reading is strict about the envelope and the schema
 * version and tolerant of payload fields it does not know (added in a later build).
 */
public final class EventJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private EventJson() {}

  public static byte[] write(Envelope e) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("event_id", e.eventId().toString());
    root.put("type", e.type().wireName());
    root.put("schema_version", e.schemaVersion());
    root.put("run_id", e.runId());
    root.put("time", e.time().toString());
    root.set("payload", MAPPER.valueToTree(e.payload()));
    try {
      return MAPPER.writeValueAsBytes(root);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("Cannot write " + e.type().wireName() + " event", ex);
    }
  }

  public static String writeString(Envelope e) {
    return new String(write(e), StandardCharsets.UTF_8);
  }

  /** Reads an event; anything that is not a valid event is an {@link EventFormatException}. */
  public static Envelope read(byte[] json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new EventFormatException("Invalid event: not JSON (" + e.getOriginalMessage() + ")", e);
    } catch (IOException e) {
      throw new EventFormatException("Invalid event: cannot read it (" + e.getMessage() + ")", e);
    }
    if (root == null || !root.isObject()) {
      throw new EventFormatException("Invalid event: expected a JSON object");
    }
    EventType type = EventType.fromName(text(root, "type"));
    int version = root.path("schema_version").asInt(-1);
    if (version < 1) {
      throw new EventFormatException(
          "Invalid " + type.wireName() + " event: schema_version is missing");
    }
    if (version > type.schemaVersion()) {
      throw new EventFormatException(
          "Cannot read "
              + type.wireName()
              + " schema version "
              + version
              + ": this build reads up to version "
              + type.schemaVersion()
              + "; upgrade this service");
    }
    UUID eventId;
    Instant time;
    try {
      eventId = UUID.fromString(text(root, "event_id"));
      time = Instant.parse(text(root, "time"));
    } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
      throw new EventFormatException(
          "Invalid " + type.wireName() + " event: bad event_id or time (" + e.getMessage() + ")",
          e);
    }
    JsonNode payloadNode = root.get("payload");
    if (payloadNode == null || !payloadNode.isObject()) {
      throw new EventFormatException("Invalid " + type.wireName() + " event: payload is missing");
    }
    Payload payload;
    try {
      payload = MAPPER.treeToValue(payloadNode, type.payloadClass());
    } catch (JsonProcessingException e) {
      throw new EventFormatException(
          "Invalid " + type.wireName() + " payload: " + e.getOriginalMessage(), e);
    }
    if (payload.key() == null || payload.key().isBlank()) {
      throw new EventFormatException(
          "Invalid "
              + type.wireName()
              + " payload: its key field ("
              + type.topic().key()
              + ") is missing");
    }
    return new Envelope(eventId, type, version, text(root, "run_id"), time, payload);
  }

  private static String text(JsonNode root, String field) {
    JsonNode v = root.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new EventFormatException("Invalid event: '" + field + "' is missing or not a string");
    }
    return v.asText();
  }
}
