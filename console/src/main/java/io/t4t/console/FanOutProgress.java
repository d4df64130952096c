package io.t4t.console;

import java.util.Map;

/**
 * A model's fanned-out run as the coordination keeps it (the run in flight, or the last one): how
 * many buckets, the rows each applied bucket wrote, and why a failed bucket failed.
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
}
