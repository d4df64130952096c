package io.t4t.events;

/**
 * A model run's delta was staged and split into buckets; merge tasks for every bucket are on their
 * way. The run completes once every bucket is applied and the run is finalized.
 *
 * @param model {@code schema.name}
 * @param buckets K
 * @param deltaRows rows in the staged delta
 */
public record ModelFannedOut(String model, int buckets, long deltaRows) implements Payload {

  public ModelFannedOut {
    Fields.required(model, EventType.MODEL_FANNED_OUT, "model");
    Fields.atLeast(buckets, 2, EventType.MODEL_FANNED_OUT, "buckets");
    Fields.atLeast(deltaRows, 0, EventType.MODEL_FANNED_OUT, "delta_rows");
  }

  @Override
  public EventType type() {
    return EventType.MODEL_FANNED_OUT;
  }

  @Override
  public String key() {
    return model;
  }
}
