package io.t4t.events;

/**
 * One bucket of a fanned-out run is applied (committed together with its bucket-ledger row).
 *
 * @param model {@code schema.name}
 * @param bucket which bucket
 * @param buckets K
 * @param rows rows the bucket wrote
 * @param durationMillis wall time of the bucket's transaction
 * @param alreadyApplied true when this answers a redelivered task from the bucket ledger
 */
public record BucketCompleted(
    String model, int bucket, int buckets, long rows, long durationMillis, boolean alreadyApplied)
    implements Payload {

  public BucketCompleted {
    Fields.required(model, EventType.BUCKET_COMPLETED, "model");
    Fields.bucket(bucket, buckets, EventType.BUCKET_COMPLETED, model);
  }

  @Override
  public EventType type() {
    return EventType.BUCKET_COMPLETED;
  }

  @Override
  public String key() {
    return model;
  }
}
