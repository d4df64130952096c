package io.t4t.events;

import java.time.Duration;

/**
 * The topics, with the key each is partitioned by and how long it keeps records. Names carry a
 * prefix (default {@code t4t.}) so several installations can share a cluster. See
 * docs/reference/events.md.
 */
public enum Topic {
  /** Requests to run a project (REST or producers); key: the project. */
  RUN_REQUESTS("run-requests", "project", Duration.ofDays(7), false),
  /** A source got new data; key: the source table, so a burst for one source stays ordered. */
  DATA_ARRIVALS("data-arrivals", "source", Duration.ofDays(7), false),
  /** One model run to apply; key: the model, so one model's runs never overtake each other. */
  MODEL_RUN_COMMANDS("model-run-commands", "model", Duration.ofDays(7), false),
  /**
   * Buckets of fanned-out model runs; key: {@code model#bucket}, so each bucket has one owner (its
   * merge sink) in the executor group.
   */
  MERGE_TASKS("merge-tasks", "model#bucket", Duration.ofDays(7), false),
  /** Started, completed and failed model runs, fan-outs and bucket outcomes; key: the model. */
  MODEL_EVENTS("model-events", "model", Duration.ofDays(30), false),
  /** The latest state per model; compacted, key: the model. */
  MODEL_STATE("model-state", "model", null, true),
  /**
   * Records a service could not process, unchanged, with headers saying why and where from (see
   * {@link DeadLetter}); key: the original record's key. Kept as long as the longest input topic.
   */
  DEAD_LETTERS("dead-letters", "the original record's key", Duration.ofDays(30), false);

  private final String suffix;
  private final String key;
  private final Duration retention;
  private final boolean compacted;

  Topic(String suffix, String key, Duration retention, boolean compacted) {
    this.suffix = suffix;
    this.key = key;
    this.retention = retention;
    this.compacted = compacted;
  }

  /** The topic name for an installation prefix such as {@code t4t.}. */
  public String name(String prefix) {
    return prefix + suffix;
  }

  /** The topic of this installation called {@code name}, if it is one of t4t's. */
  public static java.util.Optional<Topic> named(String prefix, String name) {
    for (Topic t : values()) {
      if (t.name(prefix).equals(name)) {
        return java.util.Optional.of(t);
      }
    }
    return java.util.Optional.empty();
  }

  /** What the record key is. */
  public String key() {
    return key;
  }

  /** How long records are kept; null for compacted topics, which keep the latest per key. */
  public Duration retention() {
    return retention;
  }

  public boolean compacted() {
    return compacted;
  }
}
