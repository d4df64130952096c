package io.t4t.console;

import java.util.Map;
import java.util.TreeMap;

/**
 * A model's fanned-out run as a host saw it (the run in flight, or the last one): how many buckets,
 * the rows each applied bucket wrote, and why a failed bucket failed.
 *
 * @param runId the run
 * @param buckets K
 * @param rows rows written, by applied bucket
 * @param failed the error of each bucket whose last attempt failed
 */
public record FanOutProgress(
    String runId, int buckets, Map<Integer, Long> rows, Map<Integer, String> failed) {
  public FanOutProgress {
    rows = Map.copyOf(rows);
    failed = Map.copyOf(failed);
  }

  /** A fan-out just seen, no bucket answered yet. */
  public static FanOutProgress of(String runId, int buckets) {
    return new FanOutProgress(runId, buckets, Map.of(), Map.of());
  }

  /** With {@code bucket} applied (a retried bucket that now applied is no longer failed). */
  public FanOutProgress applied(int bucket, long written) {
    Map<Integer, Long> r = new TreeMap<>(rows);
    r.put(bucket, written);
    Map<Integer, String> f = new TreeMap<>(failed);
    f.remove(bucket);
    return new FanOutProgress(runId, buckets, r, f);
  }

  /** With {@code bucket}'s attempt failed. */
  public FanOutProgress failed(int bucket, String message) {
    Map<Integer, String> f = new TreeMap<>(failed);
    f.put(bucket, message);
    return new FanOutProgress(runId, buckets, rows, f);
  }
}
