package io.t4t.events;

/**
 * Apply one bucket of a fanned-out model run. Keyed by {@code model#bucket}, so each bucket has one
 * owner in the executor group: the bucket's merge sink. Applying is idempotent per (run id, model,
 * bucket): the sink checks the bucket ledger in the target first.
 *
 * @param model {@code schema.name}
 * @param bucket which bucket, from 0
 * @param buckets how many buckets the delta was split into (K)
 * @param attempt 1 for the first delivery; higher when the planner retries a failed bucket
 */
public record MergeTask(String model, int bucket, int buckets, int attempt) implements Payload {
  public MergeTask {
    Fields.required(model, EventType.MERGE_TASK, "model");
    Fields.bucket(bucket, buckets, EventType.MERGE_TASK, model);
    Fields.atLeast(attempt, 1, EventType.MERGE_TASK, "attempt");
  }

  @Override
  public EventType type() {
    return EventType.MERGE_TASK;
  }

  @Override
  public String key() {
    return model + "#" + bucket;
  }
}
