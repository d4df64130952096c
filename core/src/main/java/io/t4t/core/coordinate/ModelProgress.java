package io.t4t.core.coordinate;

import io.t4t.events.ErrorCode;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One model's progress in one run.
 *
 * @param status where it stands
 * @param attempt the attempt commanded last (1 for the first)
 * @param replans how often it was planned again after a stale plan ({@code STALE_PLAN})
 * @param message why it failed or was skipped (null otherwise), or a note while running
 * @param error the error code of a failed or skipped model (null otherwise)
 * @param buckets the collector's count when the run fanned out (null otherwise)
 */
public record ModelProgress(
    Status status, int attempt, int replans, String message, ErrorCode error, Buckets buckets) {

  static ModelProgress pending() {
    return new ModelProgress(Status.PENDING, 0, 0, null, null, null);
  }

  ModelProgress with(Status s, String m, ErrorCode code) {
    return new ModelProgress(s, attempt, replans, m, code, s.terminal() ? null : buckets);
  }

  ModelProgress attempt(int a) {
    return new ModelProgress(status, a, replans, message, error, null);
  }

  ModelProgress replanned() {
    return new ModelProgress(status, attempt, replans + 1, message, error, buckets);
  }

  ModelProgress withBuckets(Buckets b, String note) {
    return new ModelProgress(status, attempt, replans, note, error, b);
  }

  /**
   * The collector's view of a fanned-out run: how many buckets, which are applied, the attempts of
   * retried buckets, and whether the finalize was sent.
   */
  public record Buckets(
      int count, Set<Integer> applied, Map<Integer, Integer> attempts, boolean finishing) {
    public Buckets {
      applied = java.util.Collections.unmodifiableSet(new TreeSet<>(applied));
      attempts = java.util.Collections.unmodifiableMap(new TreeMap<>(attempts));
    }

    static Buckets of(int count) {
      return new Buckets(count, Set.of(), Map.of(), false);
    }

    Buckets apply(int bucket) {
      Set<Integer> a = new TreeSet<>(applied);
      a.add(bucket);
      return new Buckets(count, a, attempts, finishing);
    }

    Buckets attempt(int bucket, int attempt) {
      Map<Integer, Integer> a = new TreeMap<>(attempts);
      a.put(bucket, attempt);
      return new Buckets(count, applied, a, finishing);
    }

    Buckets markFinishing() {
      return new Buckets(count, applied, attempts, true);
    }
  }
}
