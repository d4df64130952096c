package io.t4t.events;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Every event type, its payload class, its topic and its current schema version. */
public enum EventType {
  RUN_REQUESTED(RunRequested.class, Topic.RUN_REQUESTS, 2),
  DATA_ARRIVED(DataArrived.class, Topic.DATA_ARRIVALS, 1),
  MODEL_RUN_COMMAND(ModelRunCommand.class, Topic.MODEL_RUN_COMMANDS, 2),
  MODEL_RUN_FINALIZE(ModelRunFinalize.class, Topic.MODEL_RUN_COMMANDS, 1),
  MODEL_STARTED(ModelStarted.class, Topic.MODEL_EVENTS, 1),
  MODEL_COMPLETED(ModelCompleted.class, Topic.MODEL_EVENTS, 1),
  MODEL_FAILED(ModelFailed.class, Topic.MODEL_EVENTS, 1),
  MODEL_STATE(ModelState.class, Topic.MODEL_STATE, 1),
  MERGE_TASK(MergeTask.class, Topic.MERGE_TASKS, 1),
  MODEL_FANNED_OUT(ModelFannedOut.class, Topic.MODEL_EVENTS, 1),
  BUCKET_COMPLETED(BucketCompleted.class, Topic.MODEL_EVENTS, 1),
  BUCKET_FAILED(BucketFailed.class, Topic.MODEL_EVENTS, 1);

  private final Class<? extends Payload> payload;
  private final Topic topic;
  private final int schemaVersion;

  EventType(Class<? extends Payload> payload, Topic topic, int schemaVersion) {
    this.payload = payload;
    this.topic = topic;
    this.schemaVersion = schemaVersion;
  }

  public Class<? extends Payload> payloadClass() {
    return payload;
  }

  public Topic topic() {
    return topic;
  }

  /** The newest schema version this build writes and reads. */
  public int schemaVersion() {
    return schemaVersion;
  }

  /** The name on the wire, e.g. {@code model_completed}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Strict, case-insensitive lookup by wire name. */
  public static EventType fromName(String name) {
    for (EventType t : values()) {
      if (t.wireName().equalsIgnoreCase(name == null ? "" : name.trim())) {
        return t;
      }
    }
    throw new EventFormatException(
        DeadLetterReason.UNKNOWN_TYPE,
        "Unknown event type: '"
            + name
            + "' (expected one of "
            + Arrays.stream(values()).map(EventType::wireName).collect(Collectors.joining(", "))
            + ")");
  }
}
