package io.t4t.events;

/** The body of an event. Each payload type names its event type, and so its topic and key. */
public sealed interface Payload
    permits RunRequested,
        DataArrived,
        ModelRunCommand,
        ModelRunFinalize,
        ModelStarted,
        ModelCompleted,
        ModelFailed,
        ModelState,
        MergeTask,
        ModelFannedOut,
        BucketCompleted,
        BucketFailed {

  EventType type();

  /** The Kafka record key: what must be ordered and owned by one consumer. */
  String key();

  /**
   * The schema version this payload is written at: the lowest that carries all it holds, so that a
   * reader of an older build reads what it can read and refuses what it would misread (a {@code
   * run_requested} of a backfill is version 2, a plain one version 1).
   */
  default int schemaVersion() {
    return type().schemaVersion();
  }
}
