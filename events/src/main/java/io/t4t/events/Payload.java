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
}
