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
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          // an error code a newer build added reads as INTERNAL (its retryable flag still holds)
          .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE);

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

  /**
   * Reads an event read from {@code topic}: as {@link #read(byte[])}, and a valid event of a type
   * that topic does not carry is refused too ({@link DeadLetterReason#WRONG_TOPIC}).
   */
  public static Envelope read(byte[] json, Topic topic) {
    Envelope e = read(json);
    if (e.topic() != topic) {
      throw new EventFormatException(
          DeadLetterReason.WRONG_TOPIC,
          "Invalid event on the "
              + topic.name("")
              + " topic: "
              + e.type().wireName()
              + " events belong on "
              + e.topic().name(""));
    }
    return e;
  }

  /**
   * Reads an event; anything that is not a valid event is an {@link EventFormatException} whose
   * {@link EventFormatException#reason() reason} classifies it. Records of an older schema version
   * are read as the current one (see {@link #upcast}).
   */
  public static Envelope read(byte[] json) {
    if (json == null) {
      throw new EventFormatException(
          DeadLetterReason.NOT_AN_EVENT, "Invalid event: the record has no value");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new EventFormatException(
          DeadLetterReason.NOT_AN_EVENT,
          "Invalid event: not JSON (" + e.getOriginalMessage() + ")",
          e);
    } catch (IOException e) {
      throw new EventFormatException(
          DeadLetterReason.NOT_AN_EVENT,
          "Invalid event: cannot read it (" + e.getMessage() + ")",
          e);
    }
    if (root == null || !root.isObject()) {
      throw new EventFormatException(
          DeadLetterReason.NOT_AN_EVENT, "Invalid event: expected a JSON object");
    }
    EventType type = EventType.fromName(text(root, "type"));
    int version = root.path("schema_version").asInt(-1);
    if (version < 1) {
      throw new EventFormatException(
          DeadLetterReason.NOT_AN_EVENT,
          "Invalid " + type.wireName() + " event: schema_version is missing");
    }
    if (version > type.schemaVersion()) {
      throw new EventFormatException(
          DeadLetterReason.UNSUPPORTED_VERSION,
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
          DeadLetterReason.NOT_AN_EVENT,
          "Invalid " + type.wireName() + " event: bad event_id or time (" + e.getMessage() + ")",
          e);
    }
    JsonNode payloadNode = root.get("payload");
    if (payloadNode == null || !payloadNode.isObject()) {
      throw new EventFormatException("Invalid " + type.wireName() + " event: payload is missing");
    }
    String runId = text(root, "run_id");
    if (type == EventType.MODEL_RUN_COMMAND && version == 1) {
      Envelope upcast = upcast(eventId, runId, time, (ObjectNode) payloadNode);
      if (upcast != null) {
        return upcast;
      }
      version = type.schemaVersion();
    }
    return new Envelope(eventId, type, version, runId, time, payload(type, payloadNode));
  }

  /**
   * A version-1 {@code model_run_command} with {@code mode = "finalize"} is the {@link
   * ModelRunFinalize} of version 2 (null for any other mode: the fields are unchanged).
   */
  private static Envelope upcast(UUID eventId, String runId, Instant time, ObjectNode payload) {
    if (!"finalize".equals(payload.path("mode").asText())) {
      return null;
    }
    ObjectNode finalize = MAPPER.createObjectNode();
    finalize.set("model", payload.get("model"));
    finalize.put("buckets", 0);
    finalize.set("attempt", payload.get("attempt"));
    EventType type = EventType.MODEL_RUN_FINALIZE;
    return new Envelope(eventId, type, type.schemaVersion(), runId, time, payload(type, finalize));
  }

  private static Payload payload(EventType type, JsonNode payloadNode) {
    Payload payload;
    try {
      payload = MAPPER.treeToValue(payloadNode, type.payloadClass());
    } catch (JsonProcessingException e) {
      throw new EventFormatException(message(type, e), e);
    }
    if (payload.key() == null || payload.key().isBlank()) {
      throw new EventFormatException(
          "Invalid "
              + type.wireName()
              + " payload: its key field ("
              + type.topic().key()
              + ") is missing");
    }
    return payload;
  }

  /** A payload constructor's own message where it refused a value, else Jackson's. */
  private static String message(EventType type, JsonProcessingException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EventFormatException f) {
        return f.getMessage();
      }
    }
    String field =
        e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()
            ? m.getPath().get(m.getPath().size() - 1).getFieldName()
            : null;
    if (field != null && e.getOriginalMessage().startsWith("Cannot map `null` into type")) {
      // a number or flag left out (Jackson reads it as null)
      return "Invalid " + type.wireName() + " payload: '" + field + "' is required";
    }
    return "Invalid "
        + type.wireName()
        + " payload"
        + (field == null ? "" : " ('" + field + "')")
        + ": "
        + e.getOriginalMessage();
  }

  private static String text(JsonNode root, String field) {
    JsonNode v = root.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new EventFormatException(
          DeadLetterReason.NOT_AN_EVENT,
          "Invalid event: '" + field + "' is missing or not a string");
    }
    return v.asText();
  }
}
