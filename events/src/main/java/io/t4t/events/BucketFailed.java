package io.t4t.events;

/**
 * One bucket of a fanned-out run failed and was rolled back.
 *
 * @param model {@code schema.name}
 * @param bucket which bucket
 * @param buckets K
 * @param errorCode why
 * @param retryable whether trying the bucket again may succeed
 * @param message the error, naming the model and the bucket
 */
public record BucketFailed(
    String model, int bucket, int buckets, ErrorCode errorCode, boolean retryable, String message)
    implements Payload {

  public BucketFailed {
    Fields.required(model, EventType.BUCKET_FAILED, "model");
    Fields.bucket(bucket, buckets, EventType.BUCKET_FAILED, model);
    Fields.required(errorCode, EventType.BUCKET_FAILED, "error_code");
    Fields.required(message, EventType.BUCKET_FAILED, "message");
  }

  @Override
  public EventType type() {
    return EventType.BUCKET_FAILED;
  }

  @Override
  public String key() {
    return model;
  }
}
